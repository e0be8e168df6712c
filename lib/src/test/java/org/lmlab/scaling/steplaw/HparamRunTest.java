package org.lmlab.scaling.steplaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.lmlab.table.Table;

/** Reading runs from a table: batch scaling, and messages naming the missing column or the bad row. */
class HparamRunTest {

    @Test
    void readsScaledBatchesAndNamesBadCells() {
        try (RootAllocator allocator = new RootAllocator();
             Table t = Table.builder(allocator, "grid").float64("params", 1e8, 1e8).float64("tokens", 2e9, 2e9)
                     .float64("lr", 1e-3, null).float64("bs", 128.0, 256.0).float64("loss", 2.5, 2.4).build()) {
            HparamRun.Columns columns = new HparamRun.Columns("params", "tokens", "lr", "bs", "loss");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HparamRun.fromTable(t, columns, 2048));
            assertTrue(e.getMessage().startsWith("row 1: column 'lr' is null"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> HparamRun.fromTable(t, HparamRun.Columns.DEFAULT, 1));
            assertTrue(e.getMessage().startsWith("missing column 'batch'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> HparamRun.fromTable(t, columns, 0));
            assertTrue(e.getMessage().contains("batch scale"), e.getMessage());
        }
        try (RootAllocator allocator = new RootAllocator();
             Table t = Table.builder(allocator, "grid").float64("params", 1e8).float64("tokens", 2e9)
                     .float64("lr", 1e-3).float64("batch", 128.0).float64("loss", 2.5).build()) {
            List<HparamRun> runs = HparamRun.fromTable(t, HparamRun.Columns.DEFAULT, 2048);
            assertEquals(new HparamRun(1e8, 2e9, 1e-3, 128 * 2048.0, 2.5), runs.get(0));
        }
    }
}
