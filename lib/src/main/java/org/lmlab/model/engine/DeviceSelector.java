package org.lmlab.model.engine;

import ai.djl.Device;
import java.util.Locale;

/** Turns a user's device request ("cpu", "gpu", "gpu:1", "auto") into a DJL device. */
public final class DeviceSelector {

    private DeviceSelector() {}

    /** Resolves {@code request} against the GPUs the loaded PyTorch engine reports. */
    public static Device select(String request) {
        return resolve(request, DjlRuntime.pytorch().getGpuCount());
    }

    /**
     * The device for {@code request} when {@code gpuCount} GPUs are visible; kept separate from the
     * engine so the selection rules are testable on a CPU-only machine.
     *
     * @throws IllegalStateException when a GPU is asked for and none (or too few) are visible
     * @throws IllegalArgumentException for an unknown request
     */
    public static Device resolve(String request, int gpuCount) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        if (r.equals("auto")) {
            return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (r.equals("cpu")) {
            return Device.cpu();
        }
        if (r.equals("gpu") || r.equals("cuda") || r.startsWith("gpu:") || r.startsWith("cuda:")) {
            int index = r.contains(":") ? parseIndex(request, r.substring(r.indexOf(':') + 1)) : 0;
            if (gpuCount == 0) {
                throw new IllegalStateException(
                        "no GPU visible to PyTorch (Engine reports 0 GPUs); see docs/models.md for"
                                + " PYTORCH_LIBRARY_PATH");
            }
            if (index >= gpuCount) {
                throw new IllegalStateException(
                        "GPU " + index + " requested but PyTorch sees only " + gpuCount + " GPU(s)");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException(
                "unknown device '" + request + "': expected cpu, gpu, gpu:<index> or auto");
    }

    private static int parseIndex(String request, String digits) {
        try {
            int index = Integer.parseInt(digits);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad GPU index in device '" + request + "'");
    }
}
