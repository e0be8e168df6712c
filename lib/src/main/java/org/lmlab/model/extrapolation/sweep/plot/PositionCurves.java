package org.lmlab.model.extrapolation.sweep.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.model.extrapolation.sweep.PerplexityTask;
import org.lmlab.plot.Chart;
import org.lmlab.table.Table;

/**
 * Mean NLL against token position at one input length, one line per method, as LM-Infinite and
 * StreamingLLM plot it: from a perplexity sweep run with position buckets, each point is the mean
 * NLL of the tokens in one bucket, drawn at the bucket's first position
 * ({@link PerplexityTask#positionCurves}). The trained context is marked; a method that breaks past
 * it shows its loss rising there. The y axis is linear (NLL is already a logarithm).
 *
 * <pre>{@code
 * Chart c = PositionCurves.of(results).length(8192).trainedContext(2048).build();
 * }</pre>
 */
public final class PositionCurves extends CurveChart<PositionCurves> {

    private long length;

    private PositionCurves(Table table) {
        super(table);
    }

    /** A chart of {@code results}, a perplexity sweep's table with position_bucket and position_nll. */
    public static PositionCurves of(Table results) {
        return new PositionCurves(results);
    }

    /** The input length whose curves to draw (default: the longest in the table). */
    public PositionCurves length(long tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("the length must be a number of tokens >= 1, not " + tokens);
        }
        this.length = tokens;
        return this;
    }

    @Override
    public Chart build() {
        SweepTable t = SweepTable.of(table, "a per-position loss chart",
                List.of("model", "method", "length", "position_bucket", "position_nll"));
        Map<String, List<Integer>> groups = t.byMethod(methods);
        TreeSet<Long> lengths = new TreeSet<>();
        groups.values().forEach(rows -> rows.forEach(r -> lengths.add(t.tokens("length", r))));
        long chosen = length > 0 ? length : lengths.last();
        if (!lengths.contains(chosen)) {
            throw new IllegalArgumentException("table '" + t.name() + "' has no rows at length " + chosen
                    + (methods == null || methods.isEmpty() ? "" : " for methods " + String.join(", ", methods))
                    + "; its lengths: " + lengths.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        Map<String, String> labelOf = new LinkedHashMap<>();
        groups.forEach((label, rows) -> {
            Integer row = t.byLength(label, rows).get(chosen);
            if (row != null) {
                labelOf.put(key(t.text("model", row), t.text("method", row)), label);
            }
        });
        for (int r = 0; r < t.rows(); r++) {
            if (t.table().isNull("position_nll", r) || t.table().isNull("position_bucket", r)) {
                throw new IllegalArgumentException("row " + r + " of table '" + t.name() + "' has no position curve "
                        + "(position_nll); a sweep with position buckets writes one in every row");
            }
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        try (BufferAllocator allocator = new RootAllocator();
             Table curves = PerplexityTask.positionCurves(t.table(), allocator)) {
            Map<String, List<double[]>> points = new LinkedHashMap<>();
            labelOf.values().forEach(label -> points.put(label, new ArrayList<>()));
            for (int r = 0; r < curves.rowCount(); r++) {
                String label = labelOf.get(key(curves.getString("model", r), curves.getString("method", r)));
                if (label != null && curves.getLong("length", r) == chosen) {
                    points.get(label).add(new double[] {curves.getLong("position", r), curves.getDouble("mean_nll", r)});
                }
            }
            points.forEach((label, list) -> series.put(label, new double[][] {
                    list.stream().mapToDouble(p -> p[0]).toArray(), list.stream().mapToDouble(p -> p[1]).toArray()}));
        }
        String what = "Mean NLL by token position at input length " + chosen;
        return lines(title(what, t.model(groups.values())), "token position (bucket start)", Metric.NLL.label(), false,
                series, false);
    }

    private static String key(String model, String method) {
        return model + '\u0000' + method;
    }
}
