package org.lmlab.magics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.scaleout.SweepOutcome.FailedCell;

/** The listing after a {@code --on spark} sweep or study: the lines the two magics printed before they shared it. */
class SparkFailuresTest {

    @Test
    void noFailureNoLine() {
        FakeMagicContext context = new FakeMagicContext();
        SparkFailures.report(context, List.of(), "cell", "have no row (--resume runs them again)");
        assertEquals("", context.printed());
    }

    @Test
    void eachFailedTaskOneLineCountedFromOne() {
        FakeMagicContext context = new FakeMagicContext();
        List<FailedCell> failed = List.of(new FailedCell(0, "none @ 1024", "java.lang.OutOfMemoryError: heap", 4, "2"),
                new FailedCell(6, "yarn:4 @ 2048", "lost executor", 1, "?"));
        SparkFailures.report(context, failed, "cell", "have no row (--resume runs them again)");
        SparkFailures.report(context, failed.subList(1, 2), "run", "have no rows (--resume trains them again)");
        assertEquals("""
                2 cell(s) failed every attempt and have no row (--resume runs them again):
                  cell 1 (none @ 1024), 4 attempt(s), last on executor 2: java.lang.OutOfMemoryError: heap
                  cell 7 (yarn:4 @ 2048), 1 attempt(s), last on executor ?: lost executor
                1 run(s) failed every attempt and have no rows (--resume trains them again):
                  run 7 (yarn:4 @ 2048), 1 attempt(s), last on executor ?: lost executor
                """, context.printed().replace("\r", ""));
    }
}
