package org.lmlab.plot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.table.Table;

/** One small chart of every kind and variant, for the rendering tests. */
final class ChartSamples {

    private ChartSamples() {
    }

    static Map<String, Supplier<Chart>> all() {
        Random r = new Random(7);
        int n = 120;
        double[] steps = new double[n];
        double[] lossA = new double[n];
        double[] lossB = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = (i + 1) * 10;
            lossA[i] = 4 * Math.pow(steps[i], -0.2) + 0.03 * r.nextGaussian();
            lossB[i] = 3.6 * Math.pow(steps[i], -0.18);
            low[i] = lossA[i] - 0.08;
            high[i] = lossA[i] + 0.08;
        }
        double[] params = {1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9};
        double[] fitLoss = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            fitLoss[i] = 20 * Math.pow(params[i], -0.076);
        }
        double[] a = normal(r, 800, 0, 1);
        double[] b = normal(r, 500, 1, 0.6);
        double[] lengths = new double[600];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = Math.exp(5 + r.nextGaussian());
        }

        Map<String, Supplier<Chart>> charts = new LinkedHashMap<>();
        charts.put("line", () -> Plot.line().title("Training loss").x("step").y("loss")
                .series("run-a", steps, lossA).series("run-b", steps, lossB).build());
        charts.put("line-band", () -> Plot.line().title("Loss with 95% band").x("step").y("loss")
                .series("mean", steps, lossA).band("mean", low, high).build());
        charts.put("log-log", () -> Plot.line().title("Scaling law").x("parameters").y("loss").logLog().markers(true)
                .series("fit", params, fitLoss).build());
        charts.put("log-x", () -> Plot.scatter().x("parameters").y("loss").logX().series("runs", params, fitLoss).build());
        charts.put("log-y", () -> Plot.line().x("step").y("loss").logY().series("run-a", steps, lossA).build());
        charts.put("scatter-errorbars", () -> Plot.scatter().title("Eval accuracy").x("size").y("accuracy")
                .series("acc", new double[] {1, 2, 3, 4, 5}, new double[] {0.4, 0.5, 0.55, 0.62, 0.7})
                .errorBars("acc", new double[] {0.05, 0.04, 0.06, 0.03, 0.02}).build());
        charts.put("histogram", () -> Plot.histogram().title("Scores").x("score").series("a", a).series("b", b).build());
        charts.put("histogram-bins", () -> Plot.histogram().bins(12).density().series("a", a).build());
        charts.put("histogram-logx", () -> Plot.histogram().logX().x("tokens").series("docs", lengths).build());
        charts.put("ecdf", () -> Plot.ecdf().title("Lengths").x("tokens").logX().series("docs", lengths)
                .series("shifted", lengths.clone()).build());
        charts.put("box", () -> Plot.box().title("Scores by model").y("score").group("small", a).group("large", b)
                .build());
        charts.put("violin", () -> Plot.violin().title("Scores by model").y("score").group("small", a)
                .group("large", b).group("tiny", new double[] {0.5, 0.7, 0.2}).build());
        charts.put("heatmap", () -> Plot.heatmap().title("Sweep").x("learning rate").y("batch size")
                .grid(new double[] {1e-4, 3e-4, 1e-3}, new double[] {16, 32},
                        new double[][] {{2.3, 2.1, 2.4}, {2.2, Double.NaN, 2.5}})
                .showValues().colorLabel("loss").build());
        charts.put("grouped-table-line", () -> fromRuns(r, t -> Plot.line().table(t, "step", "loss", "run").build()));
        charts.put("grouped-table-violin", () -> fromRuns(r, t -> Plot.violin().table(t, "loss", "run").build()));
        return charts;
    }

    /** A chart of {@link #runs}, its Arrow memory freed once the chart (which copies the data) is built. */
    private static Chart fromRuns(Random r, Function<Table, Chart> chart) {
        try (BufferAllocator allocator = new RootAllocator(); Table t = runs(r, allocator)) {
            return chart.apply(t);
        }
    }

    /** A long table: three runs of 40 steps each, rows shuffled. */
    static Table runs(Random r, BufferAllocator allocator) {
        int rows = 120;
        Integer[] step = new Integer[rows];
        Double[] loss = new Double[rows];
        String[] run = new String[rows];
        String[] names = {"lr=1e-3", "lr=3e-4", "lr=1e-4"};
        List<Integer> order = new ArrayList<>(IntStream.range(0, rows).boxed().toList());
        Collections.shuffle(order, r);
        for (int i = 0; i < rows; i++) {
            int s = (i % 40 + 1) * 25;
            int k = i / 40;
            int at = order.get(i);
            step[at] = s;
            loss[at] = 3.5 * Math.pow(s, -0.1 - 0.03 * k) + 0.02 * r.nextGaussian();
            run[at] = names[k];
        }
        return Table.builder(allocator, "runs").int32("step", step).float64("loss", loss).utf8("run", run).build();
    }

    static double[] normal(Random r, int n, double mean, double sd) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean + sd * r.nextGaussian();
        }
        return out;
    }
}
