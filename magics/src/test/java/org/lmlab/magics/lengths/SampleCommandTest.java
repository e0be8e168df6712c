package org.lmlab.magics.lengths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.lengths.sampling.SampleSeeds;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.LanguageModel;
import org.lmlab.plot.Chart;
import org.lmlab.progress.Progress;
import org.lmlab.table.Table;
import org.lmlab.table.TableCatalog;

/**
 * {@code %lengths sample} on the bundled SmolLM2: a small run becomes a table that {@code %lengths stats}
 * reads per prompt, a resume keeps its rows, and bad arguments fail with usage or a failure naming the
 * problem while the results file stays as it was, also when they resume a run killed mid-write.
 */
class SampleCommandTest {

    static final TableCatalog TABLES = new TableCatalog();
    static final FakeMagicContext CONTEXT = new FakeMagicContext(TABLES);
    static LanguageModel model;
    static CommandMagic magic;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = LanguageModel.load("smollm2-135m", "cpu", Progress.NONE);
        magic = CommandMagic.line(() -> new LengthsMagic(() -> Optional.of(model)));
        TABLES.put("prompts", Table.builder(TABLES.allocator(), "prompts").utf8("id", "sea", "sum", "long")
                .utf8("instruction", "Name a colour of the sea.", "What is 2 + 2?", "word ".repeat(9000)).build());
        TABLES.put("two", Table.builder(TABLES.allocator(), "two").utf8("id", "sea", "sum")
                .utf8("instruction", "Name a colour of the sea.", "What is 2 + 2?").build());
    }

    @AfterAll
    static void close() {
        model.close();
        TABLES.close();
    }

    static Object run(CommandMagic m, String args) throws Exception {
        return m.run(new MagicCall("lengths", MagicKind.LINE, args, ArgumentSplitter.split(args), null, 1), CONTEXT);
    }

    static Object run(String args) throws Exception {
        return run(magic, args);
    }

    @Test
    void aSmallRunIsATableThatStatsReadsAndAResumeKeepsIt() throws Exception {
        Path out = dir.resolve("s.jsonl");
        String args = "sample --prompts two --prompt-col instruction --id-col id --k 2 --max-tokens 3 --temperature 0.8"
                + " --top-k 40 --seed 5 --batch 3 --chat --out " + out;
        Table t = (Table) run(args);
        assertSame(t, CONTEXT.variables.get("samples"));
        assertSame(t, TABLES.get("samples"));
        assertEquals(4, t.rowCount());
        assertEquals(List.of("sea", "sea", "sum", "sum"), List.of(t.getString("prompt_id", 0),
                t.getString("prompt_id", 1), t.getString("prompt_id", 2), t.getString("prompt_id", 3)));
        assertEquals(SampleSeeds.derive(5, "sum", 1), t.getLong("seed", 3));
        Table stats = (Table) run("stats --table samples --value output_tokens --by prompt_id --as sample_stats");
        for (int row = 0; row < 2; row++) {
            int first = 2 * row;
            LengthStats s = LengthStats.of(new int[] {(int) t.getLong("output_tokens", first),
                (int) t.getLong("output_tokens", first + 1)});
            assertEquals(t.getString("prompt_id", first), stats.getString("prompt_id", row));
            assertEquals(2, stats.getLong("count", row));
            assertEquals(s.mean(), stats.getDouble("mean", row), 0);
            assertEquals(s.sd(Dispersion.POPULATION), stats.getDouble("sd", row), 0);
        }
        // fit and plot read it unchanged
        assertTrue(((Table) run("fit --table samples --value output_tokens --as sample_fit")).rowCount() > 0);
        assertTrue(run("plot ecdf --table samples --value output_tokens --by prompt_id") instanceof Chart);
        byte[] written = Files.readAllBytes(out);
        // the same setup resumed (another batch size) draws nothing and gives the same rows
        Table again = (Table) run(args.replace("--batch 3", "--batch 1") + " --resume --as again");
        assertEquals(4, again.rowCount());
        assertTrue(CONTEXT.printed().contains("0 samples drawn, 4 kept from the earlier run"), CONTEXT.printed());
        for (int r = 0; r < 4; r++) {
            assertEquals(t.getString("text", r), again.getString("text", r));
        }
        // another k is refused and the file is left as it was
        MagicFailure other = assertThrows(MagicFailure.class,
                () -> run(args.replace("--k 2", "--k 3") + " --resume --as other"));
        assertTrue(other.getMessage().startsWith("%lengths sample: results file " + out + " belongs to another setup"),
                other.getMessage());
        assertTrue(other.getMessage().contains("k: 2") && other.getMessage().contains("k: 3"), other.getMessage());
        assertArrayEquals(written, Files.readAllBytes(out));
    }

    @Test
    void badArgumentsFailClearly() throws Exception {
        String base = "sample --prompts two --prompt-col instruction --max-tokens 2";
        MagicUsageException column = assertThrows(MagicUsageException.class,
                () -> run("sample --prompts two --prompt-col prompt"));
        assertEquals("table 'two' has no column 'prompt'; columns: [id, instruction]", column.getMessage());
        assertTrue(assertThrows(MagicUsageException.class, () -> run(base + " --k 0")).getMessage()
                .contains("k must be at least 1 sample per prompt, got 0"));
        assertTrue(assertThrows(MagicUsageException.class, () -> run(base + " --resume")).getMessage()
                .contains("--resume continues the results file given with --out"));
        assertTrue(assertThrows(MagicUsageException.class, () -> run(base + " --top-p 0")).getMessage()
                .contains("0 < topP <= 1"));
        assertTrue(assertThrows(MagicUsageException.class, () -> run(base + " --batch 0")).getMessage()
                .contains("--batch must be at least 1"));
        assertTrue(assertThrows(MagicUsageException.class, () -> run(base + " --threads -1")).getMessage()
                .contains("--threads must be at least 0 (0: the engine's setting), not -1"));
        assertTrue(assertThrows(MagicUsageException.class, () -> run("sample --prompts nope --prompt-col x"))
                .getMessage().startsWith("no table named 'nope'"));
        Path out = dir.resolve("long.jsonl");
        MagicFailure tooLong = assertThrows(MagicFailure.class,
                () -> run("sample --prompts prompts --prompt-col instruction --id-col id --k 1 --out " + out));
        assertTrue(tooLong.getMessage().startsWith("%lengths sample: prompt 'long' ("), tooLong.getMessage());
        assertTrue(!Files.exists(out), "nothing is written for a run refused before it starts");
        CommandMagic noModel = CommandMagic.line(LengthsMagic::new);
        assertEquals("no model is loaded; load one first",
                assertThrows(MagicUsageException.class, () -> run(noModel, base)).getMessage());
        Object help = run("sample --help");
        assertTrue(help instanceof HelpText && help.toString().contains("%lengths sample"), help.toString());
    }

    @Test
    void aKilledRunRefusesBadResumesWithItsRowsKeptThenCompletes() throws Exception {
        Path out = dir.resolve("killed.jsonl");
        String args = "sample --prompts two --prompt-col instruction --id-col id --k 2 --max-tokens 3 --temperature 0.8"
                + " --seed 9 --chat --threads 1 --out " + out;
        Table whole = (Table) run(args + " --as whole");
        // killed after two samples, in the middle of writing the third
        List<String> lines = Files.readAllLines(out);
        assertEquals(5, lines.size());
        Files.writeString(out, String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 40));
        byte[] killed = Files.readAllBytes(out);

        String resume = args + " --resume --as again";
        MagicFailure other = assertThrows(MagicFailure.class, () -> run(resume.replace("--temperature 0.8", "--temperature 0.9")));
        assertTrue(other.getMessage().contains("belongs to another setup")
                && other.getMessage().contains("temperature: 0.8") && other.getMessage().contains("temperature: 0.9")
                && other.getMessage().endsWith("the file is unchanged"), other.getMessage());
        assertArrayEquals(killed, Files.readAllBytes(out));
        assertEquals("table 'two' has no column 'prompt'; columns: [id, instruction]", assertThrows(
                MagicUsageException.class, () -> run(resume.replace("--prompt-col instruction", "--prompt-col prompt"))).getMessage());
        assertTrue(assertThrows(MagicUsageException.class, () -> run(resume.replace("--k 2", "--k -1"))).getMessage()
                .contains("k must be at least 1 sample per prompt, got -1"));
        MagicFailure tooLong = assertThrows(MagicFailure.class, () -> run(resume.replace("--prompts two", "--prompts prompts")));
        assertTrue(tooLong.getMessage().startsWith("%lengths sample: prompt 'long' (")
                && tooLong.getMessage().contains("more than the context of 8192"), tooLong.getMessage());
        assertArrayEquals(killed, Files.readAllBytes(out), "the refused resumes left the file as it was");
        assertTrue(!CONTEXT.variables.containsKey("again"), "no table is published for a refused run");

        // the same setup resumes: the torn line is cut off, two samples drawn, the uninterrupted table
        Table again = (Table) run(resume);
        assertTrue(CONTEXT.printed().contains("a last line of 40 bytes without a newline"), CONTEXT.printed());
        assertTrue(CONTEXT.printed().contains("2 samples drawn, 2 kept from the earlier run"), CONTEXT.printed());
        assertEquals(whole.rowCount(), again.rowCount());
        for (String column : List.of("prompt_id", "sample", "seed", "text", "output_tokens", "finish_reason",
                "degenerate")) {
            for (int r = 0; r < whole.rowCount(); r++) {
                assertEquals(whole.get(column, r), again.get(column, r), column + " of row " + r);
            }
        }
    }
}
