package org.lmlab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long GIB = 1L << 30;

    @Test
    void refusesWithTheFiguresAndTheLargestCountThatFits() {
        MemoryBudget budget = MemoryBudget.of(4 * GIB);
        budget.require("--replicates", 100_000_000, 24, 0); // 2.2 GiB of 3 usable
        MemoryBudget.TooLargeException e = assertThrows(MemoryBudget.TooLargeException.class,
                () -> budget.require("--replicates", 200_000_000, 24, 1024));
        assertEquals("--replicates 200000000 needs ~4.5 GiB of memory; the kernel has 4.0 GiB free (heap limit "
                + "4.0 GiB); use at most --replicates 134217685, or give the kernel a larger heap (-Xmx, e.g. "
                + "JDK_JAVA_OPTIONS=-Xmx16g when starting Jupyter)", e.getMessage());
        assertEquals(134_217_685, e.largestCount());
        budget.require("--replicates", e.largestCount(), 24, 1024);
        assertTrue(e instanceof IllegalArgumentException, "reported as a bad argument");
    }

    @Test
    void theRuntimeBudgetIsTheHeapLimitLessWhatIsUsed() {
        long free = MemoryBudget.ofRuntime().freeBytes();
        assertTrue(free > 0 && free <= Runtime.getRuntime().maxMemory());
        assertThrows(MemoryBudget.TooLargeException.class,
                () -> MemoryBudget.ofRuntime().require("--bins", Long.MAX_VALUE / 16, 16, 0));
    }
}
