package org.lmlab.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device selection rules (checked with a stated GPU count) and the pinned engine start-up. */
class DeviceSelectorTest {

    @Test
    void cpuAndAutoWithoutGpu() {
        assertEquals(Device.cpu(), DeviceSelector.resolve("cpu", 0));
        assertEquals(Device.cpu(), DeviceSelector.resolve("CPU", 2));
        assertEquals(Device.cpu(), DeviceSelector.resolve("auto", 0));
        assertEquals(Device.cpu(), DeviceSelector.resolve(null, 0));
    }

    @Test
    void gpuWhenVisible() {
        assertEquals(Device.gpu(0), DeviceSelector.resolve("auto", 1));
        assertEquals(Device.gpu(0), DeviceSelector.resolve("gpu", 1));
        assertEquals(Device.gpu(1), DeviceSelector.resolve("cuda:1", 2));
    }

    @Test
    void gpuAskedButAbsentSaysWhereToLook() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceSelector.resolve("gpu", 0));
        assertEquals("no GPU visible to PyTorch (Engine reports 0 GPUs); see docs/models.md for PYTORCH_LIBRARY_PATH",
                e.getMessage());
        IllegalStateException tooFew = assertThrows(IllegalStateException.class, () -> DeviceSelector.resolve("gpu:2", 2));
        assertTrue(tooFew.getMessage().contains("GPU 2 requested but PyTorch sees only 2"), tooFew.getMessage());
    }

    @Test
    void unknownRequestsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DeviceSelector.resolve("tpu", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSelector.resolve("gpu:x", 1));
        assertTrue(e.getMessage().contains("bad GPU index"), e.getMessage());
    }

    @Test
    void engineStartsOfflineWithPinnedPytorch() {
        Engine engine = DjlRuntime.pytorch();
        assertEquals("PyTorch", engine.getEngineName());
        assertEquals("2.7.1", engine.getVersion());
        assertEquals("true", System.getProperty("ai.djl.offline", System.getenv("ai.djl.offline")));
        // on this machine select() must agree with the engine's own GPU count
        Device chosen = DeviceSelector.select("auto");
        assertEquals(engine.getGpuCount() > 0, chosen.isGpu());
    }

    @Test
    void userSettingsWin() {
        String key = "PYTORCH_FLAVOR";
        String before = System.getProperty(key);
        try {
            System.setProperty(key, "cu124");
            DjlRuntime.applyDefaults(Map.of());
            assertEquals("cu124", System.getProperty(key));
            System.clearProperty(key);
            DjlRuntime.applyDefaults(Map.of(key, "cu121"));
            assertEquals(null, System.getProperty(key), "an environment variable must not be shadowed");
            DjlRuntime.applyDefaults(Map.of());
            assertEquals("cpu", System.getProperty(key));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
