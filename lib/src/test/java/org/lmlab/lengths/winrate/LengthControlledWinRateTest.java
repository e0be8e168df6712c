package org.lmlab.lengths.winrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.alpacaeval.AlpacaEvalReader;
import org.lmlab.lengths.alpacaeval.Annotation;
import org.lmlab.lengths.alpacaeval.Leaderboard;
import org.lmlab.lengths.alpacaeval.LeaderboardEntry;
import org.lmlab.reference.PythonReference;

/**
 * The length-controlled GLM against scikit-learn's {@code LogisticRegressionCV} (liblinear, L1, no intercept, the
 * same explicit folds, AlpacaEval's duplicated-row soft-label trick and scorer), features built independently in
 * pandas. Difficulties are the documented proxy on both sides (AlpacaEval's file is not shipped).
 */
class LengthControlledWinRateTest {

    static final Path DIR = PythonReference.root().resolve("datasets/alpaca_eval");

    private static final String SKLEARN = """
            import json, sys, warnings
            import numpy as np, pandas as pd, sklearn
            from sklearn.linear_model import LogisticRegressionCV
            from sklearn.metrics import make_scorer
            warnings.filterwarnings("ignore")
            sklearn.set_config(enable_metadata_routing=True)
            ann = pd.read_json(sys.argv[1], lines=True)
            eps = 0.005
            def logloss(y_true, y_pred, true_prob, true_sample_weight=None):
                y = np.where(y_true == 1, true_prob, 1 - true_prob)
                p = np.clip(y_pred, 1e-15, 1 - 1e-15)
                return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
            out = {}
            for model, df in ann.groupby("model", sort=False):
                if model == "gpt4_1106_preview":
                    continue
                others = ann[ann.model != model]
                q = (others.preference - 1).clip(eps, 1 - eps)
                diff = np.log((1 - q) / q).groupby(others.instruction_index).mean()
                df = df.sort_values("instruction_index").reset_index(drop=True)
                delta = (df.baseline_chars - df.output_chars).astype(float)
                X = pd.DataFrame({"len": np.tanh(delta / delta.std()),
                                  "diff": diff.loc[df.instruction_index].to_numpy(), "m": 1.0})
                y = (df.preference - 1).to_numpy()
                n = len(df)
                Xd = pd.concat([X, X], ignore_index=True)
                label = np.r_[np.ones(n), np.zeros(n)]
                prob = np.r_[y, 1 - y]
                folds = []
                for f in range(5):
                    test = np.r_[np.arange(f, n, 5), n + np.arange(f, n, 5)]
                    folds.append((np.setdiff1d(np.arange(2 * n), test), test))
                scorer = make_scorer(logloss, response_method="predict_proba", greater_is_better=False
                                     ).set_score_request(true_prob=True, true_sample_weight=True)
                cv = LogisticRegressionCV(Cs=10, cv=folds, l1_ratios=(1.0,), solver="liblinear", fit_intercept=False,
                                          scoring=scorer, tol=1e-10, max_iter=100000, random_state=123,
                                          use_legacy_attributes=False)
                cv.set_fit_request(sample_weight=True)
                cv.fit(Xd, label, sample_weight=prob, true_prob=prob, true_sample_weight=None)
                Xt = X.copy()
                Xt["len"] = 0.0
                out[model] = {"lc": float(cv.predict_proba(Xt)[:, 1].mean() * 100),
                              "coef": [float(v) for v in cv.coef_.ravel()], "C": float(np.ravel(cv.C_)[0])}
            print(json.dumps(out))
            """;

    @Test
    void matchesScikitLearnOnEveryAnnotatedModel() throws Exception {
        List<Annotation> all = AlpacaEvalReader.readAnnotations(DIR.resolve("annotations.jsonl"));
        Map<String, LeaderboardEntry> board = Leaderboard.read(
                DIR.resolve("leaderboards/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"));
        JsonObject ref = new Gson().fromJson(PythonReference.run(SKLEARN, DIR.resolve("annotations.jsonl").toString()),
                JsonObject.class);
        Map<String, List<Annotation>> byModel = all.stream().collect(
                Collectors.groupingBy(Annotation::model, java.util.LinkedHashMap::new, Collectors.toList()));
        double worstLc = 0;
        double worstCoef = 0;
        StringBuilder table = new StringBuilder("| model | raw | LC (ours) | LC (sklearn) | LC (leaderboard) |\n");
        for (Map.Entry<String, List<Annotation>> e : byModel.entrySet()) {
            String m = e.getKey();
            List<Annotation> rows = e.getValue().stream().sorted(Comparator.comparingInt(Annotation::instructionIndex))
                    .toList();
            Map<Integer, Double> difficulty = InstructionDifficulty.proxy(all, m);
            LengthControlledWinRate.Result r = LengthControlledWinRate.compute(
                    rows.stream().mapToDouble(Annotation::preference).toArray(),
                    rows.stream().mapToDouble(Annotation::outputChars).toArray(),
                    rows.stream().mapToDouble(Annotation::baselineChars).toArray(),
                    rows.stream().mapToDouble(a -> difficulty.get(a.instructionIndex())).toArray(),
                    LengthControlledWinRate.Settings.alpacaEval());
            if (m.equals("gpt4_1106_preview")) {
                assertEquals(board.get(m).lengthControlledWinRate(), r.lengthControlledWinRate(), 0, "baseline vs itself");
                continue;
            }
            JsonObject s = ref.getAsJsonObject(m);
            assertEquals(s.get("C").getAsDouble(), r.c(), 1e-9 * r.c(), m + " chosen C");
            JsonArray coef = s.getAsJsonArray("coef");
            double[] ours = {r.betaLength(), r.betaDifficulty(), r.betaModel()};
            for (int k = 0; k < 3; k++) {
                double d = Math.abs(ours[k] - coef.get(k).getAsDouble());
                worstCoef = Math.max(worstCoef, d);
                assertEquals(coef.get(k).getAsDouble(), ours[k], 1e-6, m + " coefficient " + k);
            }
            worstLc = Math.max(worstLc, Math.abs(r.lengthControlledWinRate() - s.get("lc").getAsDouble()));
            assertEquals(s.get("lc").getAsDouble(), r.lengthControlledWinRate(), 1e-6, m + " LC win rate");
            assertEquals(board.get(m).winRate(), r.winRate(), 1e-9, m + " raw win rate");
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %.4f | %.4f | %.2f |%n", m, r.winRate(),
                    r.lengthControlledWinRate(), s.get("lc").getAsDouble(), board.get(m).lengthControlledWinRate()));
        }
        System.out.printf(Locale.ROOT, "LC GLM vs scikit-learn on 7 models: worst |LC diff| %.3g, worst |coef diff| %.3g%n%s",
                worstLc, worstCoef, table);
    }

    @Test
    void badInputIsNamed() {
        var settings = LengthControlledWinRate.Settings.alpacaEval();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LengthControlledWinRate.compute(
                new double[] {1, 2, 1.5}, new double[] {1, -2, 3}, new double[] {1, 2, 3}, new double[3], settings));
        assertEquals("model length at index 1 is -2.0; it must be finite and non-negative", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LengthControlledWinRate.compute(
                new double[] {1, 2}, new double[] {1}, new double[] {1, 2}, new double[2], settings))
                .getMessage().contains("must have the same size"));
        assertThrows(IllegalArgumentException.class, () -> new LengthControlledWinRate.Settings(new double[] {1}, 1,
                List.of(), 0.2));
    }
}
