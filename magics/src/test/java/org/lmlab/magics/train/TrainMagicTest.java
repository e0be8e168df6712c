package org.lmlab.magics.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.display.Displayable;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.LanguageModel;
import org.lmlab.progress.Progress;
import org.lmlab.training.TrainingResult;
import org.lmlab.training.lm.LmResult;

class TrainMagicTest {

    private static final CommandMagic MAGIC = CommandMagic.line(TrainMagic::new);

    @TempDir
    Path dir;

    private static Object run(FakeMagicContext context, String args) throws Exception {
        List<String> words = Arrays.asList(args.trim().split(" +"));
        return MAGIC.run(new MagicCall("train", MagicKind.LINE, args, words, null, 1), context);
    }

    private Path text() throws Exception {
        return Files.writeString(dir.resolve("text.txt"), "To be, or not to be, that is the question.\n".repeat(40));
    }

    @Test
    void trainsATinyModelThatModelLoadReads() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        Path out = dir.resolve("lm");
        Object shown = run(context, "lm --text " + text() + " --out " + out
                + " --context 16 --layers 1 --dim 16 --heads 2 --steps 30 --batch 4 --lr 1e-2 --seed 3 --encoding alibi");
        String text = ((Displayable) shown).toMimeBundle().plainText();
        assertTrue(text.startsWith("trained") && text.contains("30 steps") && text.contains("alibi"), text);
        LmResult result = (LmResult) context.variables.get("training");
        double[] losses = result.training().losses();
        assertTrue(losses[losses.length - 1] < 0.6 * losses[0], Arrays.toString(losses));
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "training.json")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        try (LanguageModel model = LanguageModel.load(out.toString(), "cpu", Progress.NONE)) {
            assertTrue(model.describe().contains("positions alibi (trained)"), model.describe());
            assertEquals(16, model.config().contextLength());
        }
    }

    @Test
    void badArgumentsPrintUsage() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        MagicUsageException e = assertThrows(MagicUsageException.class,
                () -> run(context, "lm --text " + text() + " --out " + dir + " --encoding xpos"));
        assertTrue(e.getMessage().contains("unknown position encoding 'xpos'"), e.getMessage());
        assertTrue(e.usage().contains("%train lm --text FILE --out DIR"), e.usage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "lm --text " + text() + " --out " + dir
                + " --dim 100 --heads 3"));
        assertTrue(e.getMessage().contains("multiple of the heads"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "lm --out " + dir));
        assertTrue(e.getMessage().contains("--text"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "lm --text x --out y --steps ten"));
        assertTrue(e.getMessage().contains("--steps"), e.getMessage());
        assertTrue(context.variables.isEmpty());
    }

    @Test
    void aMissingTextIsNamed() {
        FakeMagicContext context = new FakeMagicContext();
        MagicFailure e = assertThrows(MagicFailure.class, () -> run(context, "lm --text " + dir.resolve("none.txt")
                + " --out " + dir.resolve("o")));
        assertTrue(e.getMessage().contains("none.txt") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void aDivergingRunFailsWithTheMessageAndKeepsItsCheckpoint() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        Path out = dir.resolve("bad");
        MagicFailure e = assertThrows(MagicFailure.class, () -> run(context, "lm --text " + text() + " --out " + out
                + " --context 16 --layers 1 --dim 16 --heads 2 --steps 20 --batch 4 --lr 1e30 --clip 0 --warmup 0"));
        assertTrue(e.getMessage().contains("became") && e.getMessage().contains("checkpoint of those parameters is in "
                + out), e.getMessage());
        LmResult result = (LmResult) context.variables.get("training");
        assertEquals(TrainingResult.Status.DIVERGED, result.training().status());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }

    @Test
    void helpHasExamples() throws Exception {
        Object help = run(new FakeMagicContext(), "lm --help");
        assertInstanceOf(HelpText.class, help);
        assertTrue(MAGIC.help().contains("%train lm --text ../datasets/text/tinyshakespeare.txt"), MAGIC.help());
    }
}
