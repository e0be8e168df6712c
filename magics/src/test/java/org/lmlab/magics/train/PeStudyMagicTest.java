package org.lmlab.magics.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.table.Table;

/** {@code %pe-study} through the magic: a tiny study, its resume, and bad arguments with nothing written. */
class PeStudyMagicTest {

    private static final CommandMagic MAGIC = CommandMagic.line(PeStudyMagic::new);
    private static final String TINY = "--tasks copy,reverse --encodings nope,rope --train-max 2,reverse=1 --test-max 3,"
            + "reverse=2 --seeds 1 --steps 10,reverse=5 --batch 4 --dim 16 --layers 1 --heads 2 --test-examples 10";

    @TempDir
    Path dir;

    private static Object run(FakeMagicContext context, String args) throws Exception {
        List<String> words = Arrays.asList(args.trim().split(" +"));
        return MAGIC.run(new MagicCall("pe-study", MagicKind.LINE, args, words, null, 1), context);
    }

    @Test
    void runsAStudyShowsTheRankingAndResumesWithNothingToDo() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        Path out = dir.resolve("pe.jsonl");
        try {
            Table table = (Table) run(context, TINY + " --out " + out + " --as pe");
            assertEquals(2 * 3 + 2 * 2, table.rowCount());
            assertEquals(table, context.variables.get("pe"));
            String printed = context.printed();
            assertTrue(printed.contains("4 runs trained, 0 kept from no earlier run"), printed);
            assertTrue(printed.contains("mean_reciprocal_rank") && printed.contains("out_of_distribution"), printed);
            byte[] before = Files.readAllBytes(out);
            FakeMagicContext again = new FakeMagicContext();
            Table resumed = (Table) run(again, TINY + " --out " + out + " --resume --as pe");
            assertTrue(again.printed().contains("0 runs trained, 4 kept from the earlier run"), again.printed());
            assertEquals(10, resumed.rowCount());
            assertArrayEquals(before, Files.readAllBytes(out), "nothing appended");
            again.tables().close();
        } finally {
            context.tables().close();
        }
    }

    @Test
    void badArgumentsPrintUsageAndWriteNothing() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        Path out = dir.resolve("never.jsonl");
        MagicUsageException e = assertThrows(MagicUsageException.class,
                () -> run(context, "--tasks copy,juggle --out " + out));
        assertTrue(e.getMessage().contains("unknown task 'juggle'") && e.usage().contains("--train-max"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--encodings rope,xpos --out " + out));
        assertTrue(e.getMessage().contains("unknown position encoding 'xpos'"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--train-max 20 --test-max 10 --out " + out));
        assertTrue(e.getMessage().contains("test length 10 is below the train length 20"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--train-max 5,sort=2 --out " + out));
        assertTrue(e.getMessage().contains("'sort' is not among --tasks copy,addition"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--steps 100,addition=lots --out " + out));
        assertTrue(e.getMessage().contains("'lots' is not a whole number"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--train-max addition=2 --out " + out));
        assertTrue(e.getMessage().contains("gives no value for copy"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--seeds 0 --out " + out));
        assertTrue(e.getMessage().contains("--seeds must be at least 1"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, TINY + " --resume"));
        assertTrue(e.getMessage().contains("--resume continues the results file given with --out"), e.getMessage());
        e = assertThrows(MagicUsageException.class, () -> run(context, "--steps many"));
        assertTrue(e.getMessage().contains("--steps"), e.getMessage());
        assertFalse(Files.exists(out));
        MagicFailure f = assertThrows(MagicFailure.class, () -> run(context, TINY + " --out " + out + " --resume"));
        assertTrue(f.getMessage().contains("does not exist: nothing to resume"), f.getMessage());
        assertTrue(context.variables.isEmpty());
        context.tables().close();
    }

    @Test
    void onSparkNeedsASessionAndWritesNothingWithout() throws Exception {
        FakeMagicContext context = new FakeMagicContext();
        Path out = dir.resolve("never.jsonl");
        MagicFailure none = assertThrows(MagicFailure.class, () -> run(context, TINY + " --out " + out + " --on spark"));
        assertTrue(none.getMessage().startsWith("%pe-study --on spark: no Spark session; connect first with %spark "
                + "connect local[*] (or spark://host:7077), or use --on local"), none.getMessage());
        MagicUsageException where = assertThrows(MagicUsageException.class,
                () -> run(context, TINY + " --out " + out + " --on mars"));
        assertTrue(where.getMessage().contains("--on is local or spark, not 'mars'"), where.getMessage());
        assertFalse(Files.exists(out));
        assertTrue(context.variables.isEmpty());
        context.tables().close();
    }
}
