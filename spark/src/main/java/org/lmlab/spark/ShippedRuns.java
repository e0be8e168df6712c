package org.lmlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;

/**
 * The runs of a {@link ScalingData} as plain arrays, the form broadcast to executors; {@link #toData()} rebuilds
 * the same data there (doubles travel bit for bit).
 *
 * @param uniqueTokens null when every token is unique
 */
record ShippedRuns(double[] params, double[] tokens, double[] loss, double[] uniqueTokens) implements Serializable {

    private static final long serialVersionUID = 1L;

    static ShippedRuns of(ScalingData data) {
        int n = data.size();
        double[] params = new double[n];
        double[] tokens = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            Run run = data.runs().get(i);
            params[i] = run.params();
            tokens[i] = run.tokens();
            loss[i] = run.loss();
        }
        return new ShippedRuns(params, tokens, loss, data.uniqueTokens());
    }

    ScalingData toData() {
        List<Run> runs = new ArrayList<>(params.length);
        for (int i = 0; i < params.length; i++) {
            runs.add(new Run(params[i], tokens[i], loss[i]));
        }
        return new ScalingData(runs, uniqueTokens);
    }
}
