package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.engine.MemoryEstimate;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.scaleout.SweepOutcome;

/**
 * A sweep whose model does not fit the executor's memory is refused by the check task before any cell is submitted
 * or the model loaded, naming the model, the bytes needed and available and the executor; the session goes on.
 */
class SparkSweepMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aModelTooLargeForTheExecutorIsRefusedBeforeAnyCellAndTheSessionGoesOn() throws Exception {
        SweepGrid grid = new SweepGrid(SparkSweepTest.MODEL, SparkSweepTest.task().definition(),
                List.of(MethodSpec.parse("none", 8192)), List.of(64, 128), List.of(), List.of());
        Path file = dir.resolve("refused.jsonl");
        int loadsBefore = ExecutorModels.loads();
        try (SparkRunner spark = SparkRunner.connect("local[2]", Map.of("spark.driver.host", "127.0.0.1"),
                SparkRunner.DEFAULT_TIMEOUT); BufferAllocator allocator = new RootAllocator()) {
            long available = 1 << 20;
            Sweep.InsufficientMemoryException e = assertThrows(Sweep.InsufficientMemoryException.class,
                    () -> SparkSweep.on(spark, SparkSweepTest.MODEL, LoadOptions.defaults(), SparkSweepTest.PPL, grid)
                            .results(file).executorMemory(available).run(allocator));
            System.out.println(e.getMessage());
            // KV cache at the grid's longest length, by hand from SmolLM2-135M's config (30 layers, 3 KV heads of 64
            // dims; un-rotated keys, rotated keys and values in F32): 3 * 30 * 3 * 64 * 4 = 69,120 bytes a position.
            long kv = 69_120L * 128;
            MemoryEstimate weights = LanguageModel.estimate(SparkSweepTest.MODEL, LoadOptions.defaults());
            assertEquals(weights.weightBytes() + weights.nativeCopyBytes() + kv, e.needed());
            assertEquals(available, e.available());
            assertTrue(e.getMessage().contains("the model " + SparkSweepTest.MODEL + " needs about")
                    && e.getMessage().contains(String.format("%,d bytes", e.needed()))
                    && e.getMessage().contains("1,048,576 bytes") && e.getMessage().contains("on executor driver")
                    && e.getMessage().contains("128 positions"), e.getMessage());
            assertFalse(Files.exists(file), "no results file");
            assertEquals(loadsBefore, ExecutorModels.loads(), "the model was not loaded");

            // the session goes on: measured memory (this machine's) holds the model, and the cell runs
            SweepGrid one = new SweepGrid(SparkSweepTest.MODEL, SparkSweepTest.task().definition(),
                    List.of(MethodSpec.parse("none", 8192)), List.of(64), List.of(), List.of());
            try (SweepOutcome out = SparkSweep.on(spark, SparkSweepTest.MODEL, LoadOptions.defaults(),
                    SparkSweepTest.PPL, one).results(dir.resolve("fits.jsonl")).run(allocator)) {
                assertEquals(1, out.ran());
                assertEquals(List.of(), out.failed());
            }
        }
    }

    @Test
    void spark_executor_memoryOverheadBoundsWhatTheExecutorCanUse() throws Exception {
        SweepGrid grid = new SweepGrid(SparkSweepTest.MODEL, SparkSweepTest.task().definition(),
                List.of(MethodSpec.parse("none", 8192)), List.of(64), List.of(), List.of());
        try (SparkRunner spark = SparkRunner.connect("local[1]", Map.of("spark.driver.host", "127.0.0.1",
                "spark.executor.memoryOverhead", "64m"), SparkRunner.DEFAULT_TIMEOUT);
             BufferAllocator allocator = new RootAllocator()) {
            Sweep.InsufficientMemoryException e = assertThrows(Sweep.InsufficientMemoryException.class,
                    () -> SparkSweep.on(spark, SparkSweepTest.MODEL, LoadOptions.defaults(), SparkSweepTest.PPL, grid)
                            .results(dir.resolve("overhead.jsonl")).run(allocator));
            assertEquals(64L << 20, e.available());
            assertTrue(e.getMessage().contains("(spark.executor.memoryOverhead=64m)"), e.getMessage());
        }
    }
}
