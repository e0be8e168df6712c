package org.lmlab.kernel;

import java.util.List;
import java.util.Locale;
import org.lmlab.kernel.eval.CellError;
import org.lmlab.memory.MemoryBudget;

/** The error a cell gets when the heap ran out: what it held, what is free now, what to do. */
final class MemoryReport {

    private MemoryReport() {
    }

    /** Heap figures now, e.g. "heap 2.9 of 3.0 GiB in use, 3.0 GiB maximum". */
    static String heapFigures() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        return String.format(Locale.ROOT, "heap %s in use of %s maximum", MemoryBudget.size(used),
                MemoryBudget.size(runtime.maxMemory()));
    }

    static CellError outOfMemory(String what, OutOfMemoryError e) {
        String evalue = what + " ran out of memory (" + e.getMessage() + "); after the failure: " + heapFigures();
        return new CellError("OutOfMemoryError", evalue, List.of("OutOfMemoryError: " + evalue,
                "The kernel is alive and earlier variables and tables are kept. Ask for less (fewer rows, "
                        + "replicates or tokens), free large variables (x = null), or give the kernel more heap: "
                        + "lmlab install --heap SIZE, or -Xmx in kernel.json."));
    }

    /** The cell was stopped before the heap ran out (the kernel's memory guard). */
    static CellError stoppedForMemory(String reason) {
        return new CellError("OutOfMemoryError", reason, List.of("OutOfMemoryError: " + reason,
                "The kernel stopped the cell before the heap ran out; earlier variables and tables are kept. "
                        + "Ask for less, free large variables (x = null), or give the kernel more heap: "
                        + "lmlab install --heap SIZE, or -Xmx in kernel.json."));
    }
}
