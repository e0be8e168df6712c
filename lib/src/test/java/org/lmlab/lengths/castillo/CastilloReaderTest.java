package org.lmlab.lengths.castillo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.lengths.LengthDataFormatException;
import org.lmlab.reference.PythonReference;

class CastilloReaderTest {

    static final Path CASTILLO = PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl");

    private static final String GOOD = "{\"model\":\"m\",\"dataset\":\"Alpaca\",\"prompt_id\":\"p\",\"sample_id\":\"s\","
            + "\"input_size\":37,\"output_sizes\":[795,902,710],\"output_mean\":802.33,\"output_std\":78.0,"
            + "\"output_percentiles\":{\"p25\":752.5,\"p50\":795.0,\"p75\":848.5,\"p99\":899.86},\"top_k\":20,"
            + "\"top_p\":0.8,\"temp\":0.7,\"category\":\"undefined\",\"gen_time\":1.5,"
            + "\"longest_response_chars\":10,\"shortest_response_chars\":5,\"degenerate\":false}";

    @Test
    void readsTheWholeTestSplit() {
        List<CastilloRow> rows = CastilloReader.read(CASTILLO);
        assertEquals(14_121, rows.size());
        Map<String, Long> perModel = rows.stream()
                .collect(Collectors.groupingBy(CastilloRow::model, TreeMap::new, Collectors.counting()));
        assertEquals(13, perModel.size());
        perModel.forEach((m, n) -> assertEquals(m.equals("google--gemma-3-12b-it") ? 801L : 1110L, n, m));
        assertEquals(91, rows.stream().map(CastilloRow::modelDataset).distinct().count());
        assertTrue(rows.stream().allMatch(r -> r.outputSizes().length == 10));
        assertEquals(129, rows.stream().filter(CastilloRow::degenerate).count());

        CastilloRow first = rows.get(0);
        assertEquals("Qwen--Qwen2.5-14B-Instruct", first.model());
        assertEquals("Alpaca", first.dataset());
        assertEquals("f1982d7c7b424be4", first.promptId());
        assertArrayEquals(new int[] {795, 902, 710, 633, 725, 659, 693, 585, 819, 579}, first.outputSizes());
        assertEquals(710.0, first.storedMean());
        assertEquals(98.89, first.storedStd());
        assertEquals(894.53, first.storedPercentiles().p99());
        assertEquals(20, first.topK());
        assertEquals(CASTILLO + ":1", first.source());
    }

    @Test
    void degeneracyRuleReproducesTheStoredFlagOnEveryRow() {
        for (CastilloRow r : CastilloReader.read(CASTILLO)) {
            assertEquals(r.degenerate(), Degeneracy.isDegenerate(r.outputSizes()), r.source());
        }
    }

    @Test
    void parsesOneGoodLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("one.jsonl");
        Files.writeString(f, "\n" + GOOD + "\n\n");
        List<CastilloRow> rows = CastilloReader.read(f);
        assertEquals(1, rows.size());
        assertEquals(f + ":2", rows.get(0).source());
    }

    @Test
    void errorsNameFileLineAndField(@TempDir Path dir) throws Exception {
        assertError(dir, GOOD.replace("[795,902,710]", "[795,-2,710]"),
                "field 'output_sizes' element 1 must not be negative, got -2");
        assertError(dir, GOOD.replace("[795,902,710]", "[795,902.5,710]"),
                "field 'output_sizes' element 1 must be a whole number of tokens, got 902.5");
        assertError(dir, GOOD.replace("[795,902,710]", "[]"),
                "field 'output_sizes' is empty; each row needs at least one response length");
        assertError(dir, GOOD.replace("[795,902,710]", "[795,\"x\",710]"),
                "field 'output_sizes' element 1 must be a token count, got string \"x\"");
        assertError(dir, GOOD.replace("\"model\":\"m\",", ""), "field 'model' is missing");
        assertError(dir, GOOD.replace("\"p99\":899.86", "\"p99\":null"),
                "field 'output_percentiles.p99' must be a number, got null");
        assertError(dir, GOOD.replace("\"top_k\":20", "\"top_k\":20.5"), "field 'top_k' must be an integer, got 20.5");
        assertError(dir, GOOD.substring(0, 40), "malformed JSON");
        assertError(dir, "[1,2]", "expected a JSON object, got an array");
    }

    private static void assertError(Path dir, String badLine, String expected) throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, GOOD + "\n" + GOOD + "\n" + badLine + "\n");
        LengthDataFormatException e = assertThrows(LengthDataFormatException.class, () -> CastilloReader.read(f));
        assertTrue(e.getMessage().startsWith(f + ":3: " + expected), e.getMessage());
        assertEquals(3, e.line());
        assertEquals(f, e.file());
    }
}
