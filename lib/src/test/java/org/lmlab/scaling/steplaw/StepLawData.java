package org.lmlab.scaling.steplaw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.reference.PythonReference;

/** The bundled Step Law dense runs (datasets/scaling-steplaw, see PROVENANCE.md). */
final class StepLawData {

    static final Path CSV = PythonReference.root().resolve("datasets/scaling-steplaw/steplaw_dense_runs.csv");
    static final Path BOOTSTRAP = PythonReference.root()
            .resolve("datasets/scaling-steplaw/steplaw_1004_bootstrap_parameters.csv");
    /** The authors' sequence length: their batch column counts sequences of 2048 tokens. */
    static final double SEQ_LEN = 2048;

    private StepLawData() {
    }

    /** The runs with smoothed final loss and batch in tokens, as the authors fit them. */
    static List<HparamRun> runs() {
        try {
            List<String> lines = Files.readAllLines(CSV);
            List<String> header = List.of(lines.get(0).split(","));
            List<HparamRun> runs = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] v = line.split(",");
                runs.add(new HparamRun(num(v, header, "params"), num(v, header, "tokens"), num(v, header, "lr"),
                        SEQ_LEN * num(v, header, "batch"), num(v, header, "smooth_loss")));
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double num(String[] v, List<String> header, String column) {
        return Double.parseDouble(v[header.indexOf(column)]);
    }
}
