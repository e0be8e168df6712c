package org.lmlab.scaling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lmlab.reference.PythonReference;

/**
 * Runs law_scipy.py (scipy L-BFGS-B fits of the same laws and objective, numpy gradients written
 * independently) on data written here, so tests compare side by side.
 */
public final class LawScipy {

    /** One scipy fit: coordinates and objective. */
    public record Fit(double[] theta, double objective) {
    }

    private LawScipy() {
    }

    /**
     * Fits {@code law} from {@code starts}, once per entry of {@code samples} (row indices, repeats
     * allowed; null = all rows once).
     */
    public static List<Fit> fit(String law, ScalingData data, List<double[]> starts, ChinchillaParams base,
                                List<int[]> samples) throws Exception {
        return fit(law, data, starts, base, samples, null);
    }

    /** As {@link #fit(String, ScalingData, List, ChinchillaParams, List)}, within {@code bounds} (null: none). */
    public static List<Fit> fit(String law, ScalingData data, List<double[]> starts, ChinchillaParams base,
                                List<int[]> samples, Bounds bounds) throws Exception {
        Path dir = Files.createTempDirectory("lmlab-law-scipy");
        Path startsFile = Files.writeString(dir.resolve("starts.txt"), starts.stream()
                .map(LawScipy::join).collect(Collectors.joining("\n")));
        String idx = "-";
        if (samples != null) {
            idx = Files.writeString(dir.resolve("indices.txt"), samples.stream()
                    .map(s -> Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining(",")))
                    .collect(Collectors.joining("\n"))).toString();
        }
        List<String> args = new ArrayList<>(List.of(law, writeCsv(dir, data).toString(), startsFile.toString(), "1e-3",
                baseArg(base), idx));
        if (bounds != null) {
            StringBuilder b = new StringBuilder("bounds=");
            for (int i = 0; i < bounds.size(); i++) {
                b.append(i == 0 ? "" : ",").append(bounds.lower()[i]).append(':').append(bounds.upper()[i]);
            }
            args.add(b.toString().replace("Infinity", "inf"));
        }
        String out = PythonReference.run(script(), args.toArray(String[]::new));
        List<Fit> fits = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] parts = line.substring(line.indexOf(':') + 1).strip().split(" ");
            double[] theta = Arrays.stream(parts[0].substring("theta=".length()).split(","))
                    .mapToDouble(Double::parseDouble).toArray();
            fits.add(new Fit(theta, Double.parseDouble(parts[1].substring("objective=".length()))));
        }
        return fits;
    }

    /** scipy/statsmodels evaluation at {@code theta}: llf, aic, bic, and "pred i" per row. */
    public static Map<String, Double> evaluate(String law, ScalingData data, double[] theta, ChinchillaParams base)
            throws Exception {
        Path dir = Files.createTempDirectory("lmlab-law-scipy");
        Path startsFile = Files.writeString(dir.resolve("starts.txt"), join(theta));
        String out = PythonReference.run(script(), law, writeCsv(dir, data).toString(), startsFile.toString(), "1e-3",
                baseArg(base), "-", "theta=" + join(theta));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            values.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
        }
        return values;
    }

    static Path writeCsv(Path dir, ScalingData data) throws IOException {
        StringBuilder csv = new StringBuilder("params,tokens,unique,loss\n");
        for (int i = 0; i < data.size(); i++) {
            Run r = data.runs().get(i);
            csv.append(r.params()).append(',').append(r.tokens()).append(',').append(data.unique(i)).append(',')
                    .append(r.loss()).append('\n');
        }
        return Files.writeString(dir.resolve("data.csv"), csv);
    }

    private static String baseArg(ChinchillaParams base) {
        return base == null ? "-" : join(new double[] {base.a(), base.b(), base.alpha(), base.beta()});
    }

    static String join(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static String script() throws IOException {
        try (InputStream in = LawScipy.class.getResourceAsStream("law_scipy.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Relative difference |a − b| / |b|. */
    public static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }
}
