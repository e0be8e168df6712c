package org.lmlab.scaling.vocab;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.table.Table;

/** Bad input: each failure names what is wrong. */
class VocabBadInputTest {

    static void assertMessage(Class<? extends Throwable> type, String part, org.junit.jupiter.api.function.Executable run) {
        Throwable e = assertThrows(type, run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void tableProblemsNameTheColumnAndRow() {
        try (RootAllocator allocator = new RootAllocator();
             Table missing = Table.builder(allocator, "t").float64("non_vocab_params", 1e8).float64("vocab_size", 4096.0)
                     .float64("embed_dim", 512.0).float64("tokens", 1e9).build();
             Table bad = Table.builder(allocator, "t").float64("non_vocab_params", 1e8, 2e8)
                     .float64("vocab_size", 4096.0, -1.0).float64("embed_dim", 512.0, 512.0).float64("tokens", 1e9, 1e9)
                     .float64("loss_u", -2.0, -2.5).build();
             Table text = Table.builder(allocator, "t").float64("non_vocab_params", 1e8).float64("vocab_size", 4096.0)
                     .float64("embed_dim", 512.0).float64("tokens", 1e9).utf8("loss_u", "low").build()) {
            assertMessage(IllegalArgumentException.class, "missing column 'loss_u'",
                    () -> VocabData.fromTable(missing, VocabData.Columns.defaults()));
            assertMessage(IllegalArgumentException.class, "row 1: vocabulary size must be finite and > 0, got -1.0",
                    () -> VocabData.fromTable(bad, VocabData.Columns.defaults()));
            assertMessage(IllegalArgumentException.class, "column 'loss_u' is not a number (low)",
                    () -> VocabData.fromTable(text, VocabData.Columns.defaults()));
        }
    }

    @Test
    void tooFewRunsOrBadValues() {
        VocabData three = new VocabData(List.of(new VocabRun(1e8, 4096, 512, 1e9, -2),
                new VocabRun(2e8, 8192, 768, 2e9, -2.5), new VocabRun(4e8, 8192, 1024, 4e9, -3)));
        assertMessage(IllegalArgumentException.class, "need at least 6 runs to fit the 6 parameters",
                () -> new VocabFitter(VocabLaw.tiedExponents()).fit(three, Progress.NONE));
        assertMessage(IllegalArgumentException.class, "unigram-normalised loss must be finite",
                () -> new VocabRun(1e8, 4096, 512, 1e9, Double.NaN));
        assertMessage(IllegalArgumentException.class, "no runs given", () -> new VocabData(List.of()));
        assertMessage(IllegalArgumentException.class, "at least 2 bootstrap replicates", () -> new VocabBootstrap(
                new VocabFitter(VocabLaw.tiedExponents())).run(three, null, 1, 1, 0.95, Progress.NONE));
    }

    @Test
    void approachesRefuseWhatTheyCannotAnswer() {
        // Loss rising with compute: the frontier is the first run only.
        VocabData rising = new VocabData(List.of(new VocabRun(1e8, 4096, 512, 1e9, -2),
                new VocabRun(2e8, 8192, 768, 2e9, -1), new VocabRun(4e8, 8192, 1024, 4e9, 0)));
        assertMessage(IllegalArgumentException.class, "frontier has 1 runs", () -> VocabIsoFlop.fit(rising, true));
        assertMessage(IllegalArgumentException.class, "at least 2 non-vocabulary sizes",
                () -> VocabDerivative.fit(new double[] {33e6}, VocabDerivative.TokensPerChar.published(), 33e6, 3e6));
        // A vocabulary term that grows with N_v (alpha2 < 0) has no interior optimum.
        VocabParams rising2 = new VocabParams(1.9, 2.7e-7, 1.36, 5.58, 0.42, -2.27, 0.42);
        assertMessage(IllegalArgumentException.class, "no optimum between",
                () -> OptimalVocab.parametric(rising2, 70e9, 8192, 7.05e23));
        assertMessage(IllegalArgumentException.class, "compute budget must be finite and > 0",
                () -> OptimalVocab.at(-1, Double.NaN, Double.NaN, OptimalVocab.Approaches.published()));
    }
}
