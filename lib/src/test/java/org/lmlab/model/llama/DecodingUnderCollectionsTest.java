package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.TokenSampler;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.reference.ConstantCollections;
import org.lmlab.reference.PythonReference;

/**
 * The decoder's F32 weights, its rotary tables and a pass's cos/sin rows, masks and indices are
 * engine tensors over Java buffers: each must outlive every tensor that reads its memory, or a
 * collection frees what a later product reads. Here a thread asks for a collection every
 * millisecond while a tiny F32 model loads and decodes (general pass, the engine's decode step,
 * the native one; caches that grow and evict, rotary tables that grow and are rebuilt):
 * every logit must equal a quiet run's bit for bit.
 */
class DecodingUnderCollectionsTest {

    @TempDir Path dir;

    @Test
    void collectionsDuringLoadingAndDecodingChangeNothing() throws Exception {
        PythonReference.run(TinyDecoderNumpyTest.tinyModelScript(), dir.toString(), "F32", "1", "llama", "1");
        List<float[]> quiet = loadAndDecode();
        List<float[]> collected = ConstantCollections.during(this::loadAndDecode);
        assertEquals(quiet.size(), collected.size());
        for (int i = 0; i < quiet.size(); i++) {
            assertEquals(0, DecodePassTest.differing(quiet.get(i), collected.get(i)), "logits " + i);
        }
    }

    /**
     * Every logit of: two prompts, then greedy steps of both sequences decoded together, on each
     * decode path, with the full window, a sliding one and attention sinks (the general pass).
     */
    private List<float[]> loadAndDecode() {
        List<float[]> out = new ArrayList<>();
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(dir);
                LlamaDecoder decoder = LlamaDecoder.load(source, Device.cpu())) {
            Positions rope = new Positions.Rope(null);
            for (Extrapolation m : List.of(Extrapolation.none(), new Extrapolation(rope, new Window.Sliding(6)),
                    new Extrapolation(rope, new Window.Sinks(2, 4)))) {
                LlamaDecoder d = decoder.with(m);
                for (LlamaDecoder path : List.of(d, d.withNativeLayers(false), d.withNativeProducts(false))) {
                    decode(path, out);
                }
            }
        }
        return out;
    }

    private static void decode(LlamaDecoder d, List<float[]> out) {
        try (KvCache a = d.newCache(1); KvCache b = d.newCache(1)) { // both grow, and their rotary tables with them
            float[] la = d.nextLogits(new int[] {3, 17, 0, 31, 5}, a);
            float[] lb = d.nextLogits(new int[] {9, 28, 12}, b);
            out.add(la);
            out.add(lb);
            for (int step = 0; step < 12; step++) {
                float[][] next = d.decode(new int[] {TokenSampler.argmax(la), TokenSampler.argmax(lb)}, List.of(a, b));
                la = next[0];
                lb = next[1];
                out.add(la);
                out.add(lb);
            }
        }
    }
}
