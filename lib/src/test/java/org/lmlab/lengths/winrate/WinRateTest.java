package org.lmlab.lengths.winrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.lengths.LengthDataFormatException;
import org.lmlab.lengths.alpacaeval.AlpacaEvalReader;
import org.lmlab.lengths.alpacaeval.Annotation;
import org.lmlab.lengths.alpacaeval.Leaderboard;
import org.lmlab.lengths.alpacaeval.LeaderboardEntry;
import org.lmlab.reference.PythonReference;

/** Raw win rate and standard error: the shipped leaderboard and a pandas recomputation, side by side. */
class WinRateTest {

    static final Path DIR = PythonReference.root().resolve("datasets/alpaca_eval");

    private static final String PANDAS = """
            import json, sys
            import pandas as pd
            df = pd.read_json(sys.argv[1], lines=True)
            out = {}
            for m, g in df.groupby("model", sort=False):
                s = g["preference"].astype(float).replace({0.0: 1.5}) - 1
                d = g["preference"].astype(float).replace({1.5: 0.0}).round().replace({0.0: 1.5}) - 1
                out[m] = {"win_rate": float(s.mean() * 100), "standard_error": float(s.sem() * 100),
                          "n_wins": int((s > 0.5).sum()), "n_wins_base": int((s < 0.5).sum()),
                          "n_draws": int((s == 0.5).sum()), "n_total": int(s.size),
                          "discrete_win_rate": float(d.mean() * 100)}
            print(json.dumps(out))
            """;

    @Test
    void everyAnnotatedModelReproducesTheLeaderboardAndPandas() throws Exception {
        List<Annotation> rows = AlpacaEvalReader.readAnnotations(DIR.resolve("annotations.jsonl"));
        assertEquals(6_440, rows.size());
        Map<String, LeaderboardEntry> board = Leaderboard.read(
                DIR.resolve("leaderboards/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"));
        JsonObject ref = new Gson().fromJson(PythonReference.run(PANDAS, DIR.resolve("annotations.jsonl").toString()),
                JsonObject.class);
        List<ModelWinRates.Row> byModel = ModelWinRates.of(rows, false);
        assertEquals(8, byModel.size());
        double worstBoard = 0;
        double worstPandas = 0;
        for (ModelWinRates.Row row : byModel) {
            String m = row.model();
            WinRate w = row.winRate();
            LeaderboardEntry b = board.get(m);
            // The leaderboard stores the average output length truncated to an integer.
            assertEquals(b.avgLength(), (int) Math.floor(row.averageLength()), m + " avg_length");
            JsonObject r = ref.getAsJsonObject(m);
            worstBoard = Math.max(worstBoard, Math.max(Math.abs(w.winRate() - b.winRate()),
                    Math.abs(w.standardError() - b.standardError())));
            worstBoard = Math.max(worstBoard, Math.abs(w.discreteWinRate() - b.discreteWinRate()));
            assertEquals(b.winRate(), w.winRate(), 1e-6, m + " win_rate");
            assertEquals(b.standardError(), w.standardError(), 1e-6, m + " standard_error");
            assertEquals(b.discreteWinRate(), w.discreteWinRate(), 1e-6, m + " discrete_win_rate");
            assertEquals(List.of(b.nWins(), b.nWinsBase(), b.nDraws(), b.nTotal()),
                    List.of(w.nWins(), w.nWinsBase(), w.nDraws(), w.nTotal()), m + " counts");
            for (String k : List.of("win_rate", "standard_error", "discrete_win_rate")) {
                double ours = k.equals("win_rate") ? w.winRate() : k.equals("standard_error") ? w.standardError()
                        : w.discreteWinRate();
                worstPandas = Math.max(worstPandas, Math.abs(ours - r.get(k).getAsDouble()));
                assertEquals(r.get(k).getAsDouble(), ours, 1e-12, m + " " + k + " vs pandas");
            }
            assertEquals(r.get("n_draws").getAsInt(), w.nDraws(), m);
        }
        System.out.printf(Locale.ROOT, "win rates of 8 models: worst |diff| vs leaderboard %.3g, vs pandas %.3g%n",
                worstBoard, worstPandas);
    }

    @Test
    void conventionsOnSmallInputs() {
        WinRate w = WinRate.of(1, 2, 1.5, 0, Double.NaN, 1.7);
        assertEquals(5, w.nTotal());
        assertEquals(2, w.nDraws());
        assertEquals(2, w.nWins());
        assertEquals(1, w.nWinsBase());
        assertEquals(100 * (0 + 1 + 0.5 + 0.5) / 4, WinRate.of(1, 2, 1.5, 0).winRate(), 1e-12);
        assertTrue(Double.isNaN(WinRate.of(1.2).standardError()));
    }

    @Test
    void badInputIsNamed(@TempDir Path tmp) throws Exception {
        assertEquals("preference at index 1 is 2.5; AlpacaEval preferences lie in [1, 2] (0 is a legacy draw)",
                assertThrows(IllegalArgumentException.class, () -> WinRate.of(1, 2.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> WinRate.of());
        Path f = tmp.resolve("a.jsonl");
        Files.writeString(f, "{\"model\":\"m\",\"instruction_index\":0,\"dataset\":\"d\",\"preference\":3,"
                + "\"output_chars\":1,\"baseline_chars\":2}\n");
        LengthDataFormatException e = assertThrows(LengthDataFormatException.class, () -> AlpacaEvalReader.readAnnotations(f));
        assertEquals(f + ":1: field 'preference' must lie in [1, 2] (1 = baseline wins, 2 = model wins), got 3.0",
                e.getMessage());
        Files.writeString(f, "{\"model\":\"m\",\"instruction_index\":0,\"dataset\":\"d\",\"preference\":1,"
                + "\"output_chars\":-1,\"baseline_chars\":2}\n");
        assertTrue(assertThrows(LengthDataFormatException.class, () -> AlpacaEvalReader.readAnnotations(f))
                .getMessage().contains("field 'output_chars' must not be negative"));
        Path csv = tmp.resolve("b.csv");
        Files.writeString(csv, ",win_rate,standard_error\nm,1,2\n");
        assertTrue(assertThrows(LengthDataFormatException.class, () -> Leaderboard.read(csv)).getMessage()
                .contains(":1: missing column 'n_wins'"));
    }
}
