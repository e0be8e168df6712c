package org.lmlab.model.engine.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * lmlab's native weight products ({@code src/main/c/lmlab_products.c}): the library is extracted
 * from the jar ({@code native/linux-x86_64/}) to a temporary file and loaded once. Where it is
 * missing (another platform, no C compiler at build time) or fails to load, {@link #isAvailable()}
 * is false, {@link #unavailableReason()} says why, and callers keep PyTorch's products.
 *
 * <p>The methods here are the library's raw entry points; {@link NativeWeights} is the safe API.
 */
public final class NativeProducts {

    static final String RESOURCE = "/native/linux-x86_64/liblmlab_products.so";

    private static final String REASON = load();

    private NativeProducts() {
    }

    /** Whether the native products can be used in this process. */
    public static boolean isAvailable() {
        return REASON == null;
    }

    /** Why the native products cannot be used, or null when they can. */
    public static String unavailableReason() {
        return REASON;
    }

    /** The best instruction set this CPU offers the kernel. */
    public static Isa bestIsa() {
        requireAvailable();
        return Isa.values()[bestIsaCode()];
    }

    static void requireAvailable() {
        if (REASON != null) {
            throw new IllegalStateException("lmlab's native products are not available: " + REASON);
        }
    }

    private static String load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "only built for linux x86_64 (this is " + os + " " + arch + ")";
        }
        try (InputStream in = NativeProducts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "the library " + RESOURCE + " is not in the jar (it was built without a C compiler; "
                        + "see lib/src/main/c/build.sh)";
            }
            Path file = Files.createTempFile("liblmlab_products", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            System.load(file.toString());
            bestIsaCode();
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return "the library could not be loaded: " + e;
        }
    }

    static native int bestIsaCode();

    static native long allocate(long bytes);

    static native void release(long address, long bytes);

    static native void putFloats(long address, long offset, float[] src, int from, int count);

    static native void putShorts(long address, long offset, short[] src, int from, int count);

    static native void productArrays(int isa, long w, int type, int out, int in, int flags, float[] x, float[] y,
            int rows);

    static native void productBuffers(int isa, long w, int type, int out, int in, int flags, ByteBuffer x,
            ByteBuffer y, int rows);

    static native void productAddresses(int isa, long w, int type, int out, int in, int flags, long x, long y,
            int rows);

    static native long address(ByteBuffer direct);

    /** Packs the {@code [out, in]} matrix at {@code src} into the kernel's panels at {@code dst}. */
    static native void pack(long dst, long src, int type, int out, int in);

    /** Widens F16 bits to F32 with the instruction set's conversion (F16C for AVX2). */
    static native void halvesToFloats(int isa, short[] halves, float[] floats);

    /** Rounds each float to the nearest F16 (ties to even) and back, as the kernel rounds x. */
    static native void roundToHalf(int isa, float[] src, float[] dst);

    /** e^x per float with the decode layers' exp on that path (a polynomial for AVX2, libm's expf in plain C). */
    static native void exp(int isa, float[] src, float[] dst);

    /** A native description of a decoder's layers ({@link NativeDecodeLayers}); 0 when out of memory. */
    static native long decodeModel(int isa, int[] dims, float eps, long[] addresses);

    static native void freeDecodeModel(long model);

    /** One decode step through every layer ({@link NativeDecodeLayers#step}). */
    static native void decodeStep(long model, long x, int rows, float[] cos, float[] sin, long[] caches, int[] slots,
            float scale, boolean rawKeys);
}
