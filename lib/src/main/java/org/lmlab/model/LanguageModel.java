package org.lmlab.model;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.lmlab.model.engine.DeviceSelector;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.engine.MemoryEstimate;
import org.lmlab.model.engine.Precision;
import org.lmlab.model.engine.kernels.NativeProducts;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.gguf.GgufFile;
import org.lmlab.model.gguf.GgufTensorSource;
import org.lmlab.model.gguf.ModelCatalog;
import org.lmlab.model.llama.DecoderOptions;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.model.llama.WeightLayout;
import org.lmlab.model.safetensors.SafetensorsTensorSource;
import org.lmlab.model.tokenizer.GgufTokenizer;
import org.lmlab.model.tokenizer.HfTokenizer;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.model.weights.TensorSource;
import org.lmlab.progress.Progress;

/**
 * A loaded causal language model: decoder, tokenizer and where they came from. This is what
 * {@code %model load} holds and what cells use ({@code model.generate(...)},
 * {@code model.perplexity(...)}). Closing it frees the decoder's native memory.
 */
public final class LanguageModel implements AutoCloseable {

    private final String name;
    private final Path path;
    /** The decoder as loaded (owns the weights unless this model is a view from {@link #with}). */
    private final LlamaDecoder loaded;
    private final TextTokenizer tokenizer;
    private final String weightType;
    private final int contextLength;
    /** How it was loaded: what a cluster's executors load it with (docs/scale-out.md). */
    private final LoadOptions options;
    /** The decoder under the active extrapolation method: a view of {@link #loaded}'s weights. */
    private volatile LlamaDecoder decoder;

    private LanguageModel(String name, Path path, LlamaDecoder loaded, TextTokenizer tokenizer, String weightType,
                          int contextLength, LoadOptions options) {
        this.name = name;
        this.path = path;
        this.loaded = loaded;
        this.decoder = loaded;
        this.tokenizer = tokenizer;
        this.weightType = weightType;
        this.contextLength = contextLength;
        this.options = options;
    }

    /**
     * Runs this model with {@code method} from now on ({@code %extrapolate use}); the weights stay
     * loaded. {@link Extrapolation#none()} returns to the checkpoint as trained.
     *
     * @throws IllegalArgumentException when the method does not fit the model; the model is unchanged
     */
    public LanguageModel use(Extrapolation method) {
        decoder = loaded.with(method);
        return this;
    }

    /**
     * This model under {@code method}, sharing the weights (to compare methods side by side);
     * closing the result frees nothing, this model still owns the weights.
     */
    public LanguageModel with(Extrapolation method) {
        LanguageModel view = new LanguageModel(name, path, loaded.with(method), tokenizer, weightType, contextLength,
                options);
        return view;
    }

    /** The active extrapolation method. */
    public Extrapolation method() {
        return decoder.method();
    }

    /**
     * Loads a bundled model by name ({@code smollm2-135m}), a GGUF file, or a Hugging Face
     * safetensors directory (config.json, *.safetensors, tokenizer.json).
     *
     * @param device "cpu", "gpu", "gpu:N" or "auto"
     */
    public static LanguageModel load(String nameOrPath, String device, Progress progress) {
        return load(nameOrPath, device, 0, progress);
    }

    /**
     * As {@link #load(String, String, Progress)}, with the context the model may use: inputs
     * longer than {@code contextLength} positions are refused ({@link ContextLengthException}).
     *
     * @param contextLength positions; 0 means the trained context from the model's config
     */
    public static LanguageModel load(String nameOrPath, String device, int contextLength, Progress progress) {
        return load(nameOrPath, LoadOptions.defaults().withDevice(device).withContextLength(contextLength), progress);
    }

    /** Loads a model by name or path (as above) on the device, context and precision of {@code options}. */
    public static LanguageModel load(String nameOrPath, LoadOptions options, Progress progress) {
        Path path = ModelCatalog.defaults().locate(nameOrPath);
        progress.start(3, "load " + path.getFileName());
        DjlRuntime.pytorch();
        Device target = DeviceSelector.select(options.device());
        progress.step(1);
        TensorSource source = null;
        try {
            source = openWeights(path);
            TextTokenizer tokenizer = source instanceof GgufTensorSource gguf
                    ? GgufTokenizer.from(gguf.file())
                    : HfTokenizer.open(path.resolve("tokenizer.json"));
            progress.step(1);
            String weightType = dominantStorageType(source);
            LlamaDecoder decoder = LlamaDecoder.load(source, target,
                    DecoderOptions.defaults().withPrecision(options.precision()));
            progress.step(1);
            progress.done();
            int context = options.contextFor(decoder.config());
            return new LanguageModel(nameOrPath, path, decoder, tokenizer, weightType, context, options);
        } finally {
            // The decoder holds its own copy of the weights: the file mapping can go.
            if (source != null) {
                source.close();
            }
        }
    }

    /**
     * The memory {@code nameOrPath} would take when loaded with {@code options}, without loading
     * it: only the config and the tensor table are read (what {@code %model estimate} shows).
     */
    public static MemoryEstimate estimate(String nameOrPath, LoadOptions options) {
        Path path = ModelCatalog.defaults().locate(nameOrPath);
        try (TensorSource source = openWeights(path)) {
            LlamaConfig c = source.config();
            long parameters = 0;
            for (long[] shape : WeightLayout.expectedShapes(c).values()) {
                long n = 1;
                for (long d : shape) {
                    n = Math.multiplyExact(n, d);
                }
                parameters += n;
            }
            MemoryEstimate e = MemoryEstimate.of(c, parameters, options.precision().name(), options.contextFor(c), "F32");
            return nativeCopies(options.device()) ? e.withNativeCopies(c) : e;
        }
    }

    /**
     * Whether a model loaded for {@code device} gets the decode step's native weight copies: on the CPU where lmlab's
     * native products load. "auto" counts as the CPU without asking the engine for its GPUs (estimates stay cheap),
     * so on a GPU machine it errs on the side of more memory.
     */
    private static boolean nativeCopies(String device) {
        String d = device == null ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        return DecoderOptions.defaults().nativeProducts() && NativeProducts.isAvailable()
                && (d.equals("cpu") || d.equals("auto"));
    }

    /** A safetensors directory or a GGUF file. */
    private static TensorSource openWeights(Path path) {
        return Files.isDirectory(path) ? SafetensorsTensorSource.open(path) : GgufTensorSource.open(path);
    }

    private static String dominantStorageType(TensorSource source) {
        Map<String, Long> bytes = new HashMap<>();
        for (String tensor : source.tensorNames()) {
            var info = source.info(tensor);
            bytes.merge(info.storageType(), info.elements(), Long::sum);
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    /** The options it was loaded with (device, context asked for, precision). */
    public LoadOptions loadOptions() {
        return options;
    }

    public LlamaConfig config() {
        return decoder.config();
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public LlamaDecoder decoder() {
        return decoder;
    }

    /**
     * Positions an input may use: the context asked for at load time (else the trained one),
     * widened by the active method: unlimited for a window that evicts, factor × original
     * context for a RoPE scaling.
     */
    public int contextLength() {
        return method().contextFor(contextLength, config().contextLength());
    }

    /** Memory for the weights at the decoder's precision and an F32 KV cache of {@code contextLength}. */
    public MemoryEstimate memory(int contextLength) {
        MemoryEstimate e = MemoryEstimate.of(config(), decoder.parameters(), precision().name(), contextLength, "F32");
        return loaded.nativeProducts() ? e.withNativeCopies(config()) : e;
    }

    /** The type the weight matrices are held and multiplied in. */
    public Precision precision() {
        return decoder.options().precision();
    }

    /**
     * Generates a continuation of {@code prompt} (wrapped in the chat template when
     * {@code chat}), calling {@code onText} with each new piece of text as it is produced.
     */
    public Generation generate(String prompt, boolean chat, int maxTokens, SamplingOptions sampling,
                               Consumer<String> onText) {
        int[] ids = encode(prompt, chat);
        int room = room("a prompt", ids, maxTokens);
        TextStream stream = new TextStream(tokenizer, onText == null ? text -> { } : onText);
        long started = System.nanoTime();
        Generator.Result result = Generator.generate(decoder, ids, room, sampling, stopTokens(), stream::accept);
        return generation(ids, room, maxTokens, result, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A prompt for {@link #generate(List, int, BiConsumer)}: its text, whether to wrap it in the
     * chat template, the most tokens to generate and how they are chosen (its own seed).
     */
    public record Prompt(String text, boolean chat, int maxTokens, SamplingOptions sampling) {
    }

    /**
     * Generates a continuation of every prompt, {@code batchSize} sequences per forward pass
     * ({@link BatchGenerator}); each is the same whatever the batch size, and the generation
     * {@link #generate(String, boolean, int, SamplingOptions, Consumer)} gives for it alone, token
     * for token, except where two candidates are within the last bits of a product's sum (batched
     * products round their sums in another order than one-row ones). Every prompt is checked
     * against the context before anything runs. {@code onFinished} sees each generation as its
     * sequence ends (its {@code seconds} run from the pass that read its prompt); the list comes
     * back in prompt order.
     *
     * @throws ContextLengthException when a prompt and one new token do not fit the context
     */
    public List<Generation> generate(List<Prompt> prompts, int batchSize, BiConsumer<Integer, Generation> onFinished) {
        List<int[]> ids = new ArrayList<>();
        List<BatchGenerator.Request> requests = new ArrayList<>();
        Set<Integer> stop = stopTokens();
        for (int i = 0; i < prompts.size(); i++) {
            Prompt p = prompts.get(i);
            int[] encoded = encode(p.text(), p.chat());
            ids.add(encoded);
            requests.add(new BatchGenerator.Request(encoded, room("prompt " + i, encoded, p.maxTokens()), p.sampling(),
                    stop));
        }
        List<Generation> out = new ArrayList<>(Collections.nCopies(prompts.size(), null));
        BatchGenerator.generate(decoder, requests, batchSize, new BatchGenerator.Listener() {
            @Override
            public void finished(int request, Generator.Result result, double seconds) {
                Generation g = generation(ids.get(request), requests.get(request).maxNewTokens(),
                        prompts.get(request).maxTokens(), result, seconds);
                out.set(request, g);
                if (onFinished != null) {
                    onFinished.accept(request, g);
                }
            }
        });
        return out;
    }

    /**
     * The token ids of {@code prompt}: wrapped in the chat template (with SmolLM2's system
     * prompt) when {@code chat}, else the text as is after a BOS token where the tokenizer adds one.
     */
    public int[] encode(String prompt, boolean chat) {
        return chat
                ? ChatMl.encode(tokenizer, List.of(new ChatMl.Message("user", prompt)), ChatMl.SMOLLM2_SYSTEM)
                : tokenizer.encode(prompt, true, false);
    }

    /** The ids that end a generation: the tokenizer's EOS and the chat template's end of turn, where they exist. */
    public Set<Integer> stopTokens() {
        Set<Integer> stop = new HashSet<>();
        tokenizer.eos().ifPresent(stop::add);
        tokenizer.special(ChatMl.END).ifPresent(stop::add);
        return stop;
    }

    /**
     * Tokens {@code ids} may be followed by: {@code maxTokens}, or fewer where the context ends.
     * The prompt and at least one new token must fit.
     */
    private int room(String what, int[] ids, int maxTokens) {
        requireContext(what + " of " + ids.length + " tokens and one new token", ids.length + 1);
        return (int) Math.min(maxTokens, (long) contextLength() - ids.length);
    }

    /** The generation of {@code result}: the stop token left out of the text, a full context named as such. */
    private Generation generation(int[] ids, int room, int maxTokens, Generator.Result result, double seconds) {
        if (room < maxTokens && result.reason() == Generator.StopReason.MAX_TOKENS) {
            result = new Generator.Result(result.tokens(), Generator.StopReason.CONTEXT_FULL);
        }
        int[] tokens = result.tokens();
        int kept = result.reason() == Generator.StopReason.STOP_TOKEN ? tokens.length - 1 : tokens.length;
        return new Generation(tokenizer.decode(Arrays.copyOf(tokens, kept)), ids.length, tokens,
                result.reason(), seconds);
    }

    /** Perplexity of {@code text} with a sliding window (the protocol of length-extrapolation papers). */
    public Perplexity perplexity(String text, int window, int stride) {
        return perplexity(text, window, stride, Progress.NONE);
    }

    public Perplexity perplexity(String text, int window, int stride, Progress progress) {
        requireContext("a perplexity window of " + window + " tokens", window);
        method().requireNarrowerThan(window, config().contextLength());
        int[] ids = tokenizer.encode(text, true, false);
        return Scorer.perplexity(decoder, ids, window, stride, progress);
    }

    private void requireContext(String what, int positions) {
        int limit = contextLength();
        if (positions > limit) {
            throw new ContextLengthException(what, positions, limit, config().contextLength());
        }
    }

    /** A short description: what {@code %model info} shows. */
    public String describe() {
        LlamaConfig c = config();
        return String.format(Locale.ROOT,
                "%s (%s)%n  %s, %,d parameters, %d layers, width %d, %d heads (%d key/value), head %d%n"
                        + "  vocabulary %,d, trained context %,d, %s, tied embeddings %s%n"
                        + "  stored as %s, held as %s on %s%n  context %s positions; memory at that context: %s%n"
                        + "  extrapolation: %s",
                name, path, c.architecture(), decoder.parameters(), c.layers(), c.hiddenSize(), c.heads(),
                c.kvHeads(), c.headDim(), c.vocabSize(), c.contextLength(), positions(c), c.tiedEmbeddings(),
                weightType, precision(), decoder.device(),
                contextLength() == Integer.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%,d", contextLength()),
                contextLength() == Integer.MAX_VALUE ? "bounded by the window" : memory(contextLength()),
                method().isNone() ? "none (as trained)" : method().label());
    }

    /** "RoPE θ 10000" (with the checkpoint's scaling), or the trained encoding of a model without RoPE. */
    private static String positions(LlamaConfig c) {
        if (!c.rope()) {
            return "positions " + c.trainedPositions().label() + " (trained)";
        }
        return String.format(Locale.ROOT, "RoPE θ %.0f%s", c.ropeTheta(),
                c.plainRope() ? "" : " (checkpoint scaling: " + c.ropeScaling().type() + ")");
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Frees the weights (a view from {@link #with} frees nothing). */
    @Override
    public void close() {
        loaded.close();
    }

    /**
     * A generated text.
     *
     * @param text         the generated text (without the stop token)
     * @param promptTokens tokens in the (templated) prompt
     * @param tokens       generated ids, including a stop token that ended generation
     */
    public record Generation(String text, int promptTokens, int[] tokens, Generator.StopReason reason, double seconds) {

        public double tokensPerSecond() {
            return tokens.length / seconds;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
