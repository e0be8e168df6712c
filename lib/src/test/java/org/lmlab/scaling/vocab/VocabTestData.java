package org.lmlab.scaling.vocab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.Table;
import org.lmlab.table.io.Csv;

/** The bundled vocabulary runs (datasets/scaling-vocab, see PROVENANCE.md). */
final class VocabTestData {

    static final Path DIR = PythonReference.root().resolve("datasets/scaling-vocab");

    private VocabTestData() {
    }

    /** The authors' 1,200 released checkpoints. */
    static VocabData released() throws Exception {
        return load("vocab_runs.csv");
    }

    /** The released runs with C ≥ 2.18e17, the 1,054 the authors fit Approach 3 on. */
    static VocabData releasedForFit() throws Exception {
        List<VocabRun> kept = new ArrayList<>();
        for (VocabRun r : released().runs()) {
            if (r.flops() >= 2.18e17) {
                kept.add(r);
            }
        }
        return new VocabData(kept);
    }

    /** 300 synthetic runs from the published law with noise sd 0.02 (generate_synthetic.py). */
    static VocabData synthetic() throws Exception {
        return load("synthetic_runs.csv");
    }

    static VocabData load(String name) throws Exception {
        try (RootAllocator allocator = new RootAllocator(); Table table = Csv.read(DIR.resolve(name), allocator)) {
            return VocabData.fromTable(table, VocabData.Columns.defaults());
        }
    }

    /** [[N_nv, N_v, D, L_u], ...] for the scipy script. */
    static List<double[]> rows(VocabData data) {
        return data.runs().stream().map(r -> new double[] {r.nonVocabParams(), r.vocabParams(), r.tokens(), r.lossU()})
                .toList();
    }
}
