package org.lmlab.scaling.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Runs;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.StartGrid;
import org.lmlab.scaling.formula.Formula;
import org.lmlab.scaling.formula.FormulaLaw;
import org.lmlab.scaling.law.ChinchillaLaw;

/**
 * Benchmark entry point for bench/formula_bench.py: on the 240 replication runs, the built-in
 * Chinchilla law, the same law as the formula {@code E + A/N^alpha + B/D^beta} (default starts) and
 * as {@code exp(e) + exp(a)/N^alpha + exp(b)/D^beta} (the built-in grid's starts), each fitted once
 * untimed (JIT) and once timed; printed as {@code key=value} lines.
 *
 * <p>Arguments: CSV path, grid ("full" or "sub").
 */
public final class FormulaBench {

    static final String NATURAL = "E + A/N^alpha + B/D^beta";
    static final String LOG = "exp(e) + exp(a)/N^alpha + exp(b)/D^beta";

    private FormulaBench() {
    }

    public static void main(String[] args) throws Exception {
        ScalingData data = ScalingData.of(Runs.dropHighestLoss(Runs.fromCsv(Path.of(args[0])), 5));
        StartGrid grid = args[1].equals("full") ? StartGrid.replication() : new StartGrid(new double[] {0, 1, 2},
                new double[] {0, 1, 2}, new double[] {-1, 0, 1}, new double[] {0, 10, 20}, new double[] {0, 10, 20});
        timed("builtin", new LawFitter(new ChinchillaLaw(grid)), data, grid.size(), grid::start);

        FormulaLaw natural = new FormulaLaw(Formula.parse(NATURAL), List.of("N", "D"), List.of("params", "tokens"), Map.of());
        timed("natural", new LawFitter(natural), data, natural.startCount(), natural::start);
        IntStream.range(0, natural.startCount()).forEach(i -> System.out.println("natural_start=" + join(natural.start(i))));

        // the built-in grid's starts in the formula's coordinate order (e, a, alpha, b, beta)
        FormulaLaw log = new FormulaLaw(Formula.parse(LOG), List.of("N", "D"), List.of("params", "tokens"), Map.of());
        int[] order = {2, 0, 3, 1, 4};
        timed("log", new LawFitter(log), data, grid.size(), i -> {
            double[] s = grid.start(i);
            return IntStream.range(0, 5).mapToDouble(k -> s[order[k]]).toArray();
        });
    }

    private static LawFit timed(String key, LawFitter fitter, ScalingData data, int count,
                                java.util.function.IntFunction<double[]> start) {
        fitter.fit(data, count, start, Progress.NONE); // warm-up: JIT
        LawFit fit = fitter.fit(data, count, start, Progress.NONE);
        print(key + "_seconds", fit.elapsed().toNanos() / 1e9);
        print(key + "_objective", fit.objective());
        print(key + "_starts", fit.starts());
        print(key + "_starts_at_best", fit.startsAtBest());
        fit.parameters().forEach((k, v) -> print(key + "_" + k, v));
        return fit;
    }

    private static String join(double[] v) {
        return String.join(",", java.util.Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    private static void print(String key, double value) {
        System.out.println(key + "=" + value);
    }
}
