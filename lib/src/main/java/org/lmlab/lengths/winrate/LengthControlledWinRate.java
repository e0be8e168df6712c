package org.lmlab.lengths.winrate;

import java.util.ArrayList;
import java.util.List;

/**
 * AlpacaEval 2.0's length-controlled win rate ({@code length_controlled_v1}). For each instruction i the judge's
 * preference yᵢ = pᵢ − 1 ∈ [0, 1] is modelled as
 * {@code σ(β_len tanh(δᵢ / sd(δ)) + β_diff γᵢ + β_model · 1)}, where δᵢ = baseline length − model length (characters),
 * sd is the sample SD (ddof 1) of δ over the model's instructions, γᵢ the instruction difficulty and the last
 * feature marks the model's own rows (it is 0 on the optional "gamed baseline" rows AlpacaEval adds, weighted λ/2
 * each, to regularise towards the baseline). The fit is {@link L1LogisticRegression} with C chosen from a grid
 * by k-fold cross-validation on the weighted soft log loss, then refitted on all rows. The length-controlled win
 * rate is the mean prediction at zero length difference, {@code 100 · mean σ(β_diff γᵢ + β_model)}.
 *
 * <p>Folds are explicit (row r of the training rows goes to fold {@code r mod k}), where AlpacaEval lets
 * scikit-learn's {@code GroupKFold} assign them; pass the same folds to scikit-learn to compare.
 */
public final class LengthControlledWinRate {

    /**
     * A training row of a gamed baseline (AlpacaEval's {@code df_gamed.csv}).
     *
     * @param preference judge preference in [1, 2]
     * @param stdDeltaLen the length difference already divided by its SD (the file's {@code std_delta_len})
     * @param difficulty the instruction's difficulty
     */
    public record GamedRow(double preference, double stdDeltaLen, double difficulty) {
    }

    /**
     * Fit settings.
     *
     * @param cs the grid of C values (AlpacaEval: scikit-learn's default, 10 values log-spaced over [1e-4, 1e4])
     * @param folds the number of cross-validation folds (AlpacaEval: 5); 0 fits {@code cs[0]} without CV
     * @param gamed gamed-baseline rows (may be empty)
     * @param lambda their total weight relative to a model row, split evenly over two gamed baselines (AlpacaEval: 0.2)
     */
    public record Settings(double[] cs, int folds, List<GamedRow> gamed, double lambda) {
        public Settings {
            if (cs.length == 0) {
                throw new IllegalArgumentException("the C grid is empty");
            }
            if (folds == 1 || folds < 0) {
                throw new IllegalArgumentException("folds must be 0 (no cross-validation) or at least 2, got " + folds);
            }
            cs = cs.clone();
            gamed = List.copyOf(gamed);
        }

        /** AlpacaEval's grid and 5 folds, without gamed rows (they are not in the shipped data). */
        public static Settings alpacaEval() {
            double[] cs = new double[10];
            for (int i = 0; i < 10; i++) {
                cs[i] = Math.pow(10, -4 + 8.0 * i / 9);
            }
            return new Settings(cs, 5, List.of(), 0.2);
        }

        /** The same with gamed-baseline rows of weight λ/2 each. */
        public Settings withGamed(List<GamedRow> rows, double lambda) {
            return new Settings(cs, folds, rows, lambda);
        }

        @Override
        public double[] cs() {
            return cs.clone();
        }
    }

    /**
     * The fit.
     *
     * @param winRate the raw win rate (percent) of the model rows
     * @param lengthControlledWinRate the prediction at zero length difference, percent
     * @param betaLength weight of {@code tanh(δ / sd δ)}
     * @param betaDifficulty weight of the instruction difficulty
     * @param betaModel weight of the model indicator
     * @param c the C chosen
     * @param cvScores mean cross-validated score (minus weighted log loss) per C; empty without CV
     */
    public record Result(double winRate, double lengthControlledWinRate, double betaLength, double betaDifficulty,
            double betaModel, double c, double[] cvScores) {
        @Override
        public double[] cvScores() {
            return cvScores.clone();
        }
    }

    private LengthControlledWinRate() {
    }

    /**
     * Fits the model for one model against the baseline.
     *
     * @param preferences judge preferences in [1, 2] (1.5 = draw)
     * @param modelLengths the model's output lengths
     * @param baselineLengths the baseline's output lengths on the same instructions
     * @param difficulty the instructions' difficulties
     * @throws IllegalArgumentException for arrays of different sizes, fewer than 2 rows, non-finite values,
     *     negative lengths, preferences outside [1, 2], or length differences with zero SD (unless every preference
     *     is a draw: a model against itself, whose length-controlled win rate is 50 by construction, as AlpacaEval's)
     */
    public static Result compute(double[] preferences, double[] modelLengths, double[] baselineLengths,
            double[] difficulty, Settings settings) {
        int n = preferences.length;
        if (modelLengths.length != n || baselineLengths.length != n || difficulty.length != n) {
            throw new IllegalArgumentException("preferences, model lengths, baseline lengths and difficulties must have "
                    + "the same size, got " + n + ", " + modelLengths.length + ", " + baselineLengths.length + ", "
                    + difficulty.length);
        }
        if (n < 2) {
            throw new IllegalArgumentException("the length-controlled win rate needs at least 2 annotations, got " + n);
        }
        double[] delta = new double[n];
        for (int i = 0; i < n; i++) {
            check("model length", i, modelLengths[i], true);
            check("baseline length", i, baselineLengths[i], true);
            check("difficulty", i, difficulty[i], false);
            if (!(preferences[i] >= 1 && preferences[i] <= 2)) {
                throw new IllegalArgumentException("preference at index " + i + " is " + preferences[i]
                        + "; it must lie in [1, 2]");
            }
            delta[i] = baselineLengths[i] - modelLengths[i];
        }
        double raw = WinRate.of(preferences).winRate();
        double sd = sampleSd(delta);
        if (!(sd > 0)) {
            if (raw == 50 && WinRate.of(preferences).nDraws() == n) {
                return new Result(raw, 50, 0, 0, 0, Double.NaN, new double[0]);
            }
            throw new IllegalArgumentException("all length differences are equal, so the normalised length "
                    + "difference is undefined");
        }
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new double[] {Math.tanh(delta[i] / sd), difficulty[i], 1});
            ys.add(preferences[i] - 1);
            ws.add(1.0);
        }
        for (GamedRow g : settings.gamed()) {
            rows.add(new double[] {Math.tanh(g.stdDeltaLen()), g.difficulty(), 0});
            ys.add(g.preference() - 1);
            ws.add(settings.lambda() / 2);
        }
        double[][] x = rows.toArray(double[][]::new);
        double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
        double[] w = ws.stream().mapToDouble(Double::doubleValue).toArray();
        double[] cs = settings.cs();
        double[] scores = settings.folds() == 0 ? new double[0] : crossValidate(x, y, w, cs, settings.folds());
        int best = 0;
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > scores[best]) {
                best = k;
            }
        }
        double[] beta = L1LogisticRegression.fit(x, y, w, cs[best]);
        double lc = 0;
        for (int i = 0; i < n; i++) {
            lc += L1LogisticRegression.sigmoid(beta[1] * difficulty[i] + beta[2]);
        }
        return new Result(raw, 100 * lc / n, beta[0], beta[1], beta[2], cs[best], scores);
    }

    /** Mean over folds of minus the weighted soft log loss on the held-out rows, per C. */
    private static double[] crossValidate(double[][] x, double[] y, double[] w, double[] cs, int folds) {
        if (x.length < folds) {
            throw new IllegalArgumentException(folds + "-fold cross-validation needs at least " + folds + " rows, got "
                    + x.length);
        }
        double[] scores = new double[cs.length];
        for (int f = 0; f < folds; f++) {
            int testSize = 0;
            for (int r = f; r < x.length; r += folds) {
                testSize++;
            }
            double[][] trainX = new double[x.length - testSize][];
            double[] trainY = new double[trainX.length];
            double[] trainW = new double[trainX.length];
            for (int r = 0, t = 0; r < x.length; r++) {
                if (r % folds != f) {
                    trainX[t] = x[r];
                    trainY[t] = y[r];
                    trainW[t++] = w[r];
                }
            }
            for (int k = 0; k < cs.length; k++) {
                double[] beta = L1LogisticRegression.fit(trainX, trainY, trainW, cs[k]);
                double loss = 0;
                for (int r = f; r < x.length; r += folds) {
                    loss += w[r] * clippedLogLoss(y[r], L1LogisticRegression.dot(x[r], beta));
                }
                scores[k] += -loss / testSize / folds;
            }
        }
        return scores;
    }

    /** AlpacaEval's scorer clips predicted probabilities to [1e-15, 1 − 1e-15]. */
    private static double clippedLogLoss(double y, double z) {
        double p = Math.min(Math.max(L1LogisticRegression.sigmoid(z), 1e-15), 1 - 1e-15);
        return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }

    private static void check(String what, int i, double v, boolean nonNegative) {
        if (!Double.isFinite(v) || (nonNegative && v < 0)) {
            throw new IllegalArgumentException(what + " at index " + i + " is " + v + "; it must be finite"
                    + (nonNegative ? " and non-negative" : ""));
        }
    }

    private static double sampleSd(double[] x) {
        double m = WinRate.mean(x, x.length);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1));
    }
}
