package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.engine.kernels.NativeProducts;
import org.lmlab.model.engine.kernels.NativeWeights;
import org.lmlab.model.gguf.GgufTensorSource;

/**
 * A decode step's weight products, native kernel vs the PyTorch product the decoder uses today,
 * side by side in one process on one thread: every layer's fused q|k|v, output, gate|up and down
 * matrices and the output head, with the model's shapes (read from the GGUF's config) and random
 * weights (distinct matrices per layer, so each pass streams them from memory as a decode step does).
 *
 * <pre>ProductBench GGUF [passes]</pre>
 *
 * Prints, for F32 and F16 weights and 1 and 8 rows: ms per pass (one token's products for 1 row, 8
 * tokens' for 8), the decoding thread's CPU ms, and the weights' GB/s; then the per-call overhead of
 * the native call with arrays, direct buffers and PyTorch tensor views.
 */
public final class ProductBench {

    private ProductBench() {}

    public static void main(String[] args) throws Exception {
        if (!NativeProducts.isAvailable()) {
            throw new IllegalStateException(NativeProducts.unavailableReason());
        }
        LlamaConfig c;
        try (GgufTensorSource source = GgufTensorSource.open(Path.of(args[0]))) {
            c = source.config();
        }
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int h = c.hiddenSize();
        int kv = c.kvHeads() * c.headDim();
        List<int[]> shapes = new ArrayList<>(); // {out, in}
        for (int l = 0; l < c.layers(); l++) {
            shapes.add(new int[] {c.heads() * c.headDim() + 2 * kv, h});
            shapes.add(new int[] {h, c.heads() * c.headDim()});
            shapes.add(new int[] {2 * c.intermediateSize(), h});
            shapes.add(new int[] {h, c.intermediateSize()});
        }
        shapes.add(new int[] {c.vocabSize(), h});
        System.out.printf(Locale.ROOT, "%d matrices (%d layers + head), native path %s, load average %.1f%n",
                shapes.size(), c.layers(), NativeProducts.bestIsa(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        DjlRuntime.withIntraOpThreads(1, () -> {
            for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT16)) {
                bench(shapes, type, passes);
            }
            overhead(h);
            return null;
        });
    }

    private static void bench(List<int[]> shapes, DataType type, int passes) {
        boolean half = type == DataType.FLOAT16;
        SplittableRandom random = new SplittableRandom(7);
        long bytes = 0;
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            List<NativeWeights> natives = new ArrayList<>();
            List<NDArray> torch = new ArrayList<>();
            for (int[] s : shapes) {
                float[] w = new float[s[0] * s[1]];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (random.nextGaussian() * 0.05);
                }
                NDArray weight = manager.create(w, new Shape(s[0], s[1]));
                if (half) {
                    NDArray w16 = weight.toType(DataType.FLOAT16, false);
                    natives.add(NativeWeights.copyOf(w16.toByteBuffer(true), NativeWeights.Type.F16, s[0], s[1]));
                    torch.add(w16.transpose()); // the decoder's F16 layout: a transposed view
                } else {
                    natives.add(NativeWeights.f32(w, s[0], s[1]));
                    torch.add(weight.transpose().duplicate()); // the decoder's F32 layout: a contiguous [in, out] copy
                }
                weight.close();
                bytes += (long) s[0] * s[1] * (half ? 2 : 4);
            }
            for (int rows : new int[] {1, 8}) {
                float[][] xs = new float[shapes.size()][];
                float[][] ys = new float[shapes.size()][];
                NDArray[] xt = new NDArray[shapes.size()];
                for (int m = 0; m < shapes.size(); m++) {
                    xs[m] = new float[rows * shapes.get(m)[1]];
                    for (int i = 0; i < xs[m].length; i++) {
                        xs[m][i] = (float) random.nextGaussian();
                    }
                    ys[m] = new float[rows * shapes.get(m)[0]];
                    xt[m] = manager.create(xs[m], new Shape(rows, shapes.get(m)[1]));
                }
                NativeWeights.Rounding rounding = half ? NativeWeights.Rounding.X : NativeWeights.Rounding.NONE;
                Runnable nativePass = () -> {
                    for (int m = 0; m < natives.size(); m++) {
                        natives.get(m).multiply(xs[m], ys[m], rows, rounding);
                    }
                };
                Runnable torchPass = () -> {
                    try (NDManager step = manager.newSubManager()) {
                        for (int m = 0; m < torch.size(); m++) {
                            NDArray y = LlamaDecoder.linear(xt[m], torch.get(m));
                            y.attach(step);
                        }
                    }
                };
                String label = (half ? "F16" : "F32") + ", " + rows + (rows == 1 ? " row " : " rows");
                report(label + ", native ", time(nativePass, passes), bytes);
                report(label + ", PyTorch", time(torchPass, passes), bytes);
                for (NDArray x : xt) {
                    x.close();
                }
            }
            natives.forEach(NativeWeights::close);
        }
    }

    /** Median wall and CPU ms of {@code passes} runs after two warm-ups. */
    private static double[] time(Runnable pass, int passes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        pass.run();
        pass.run();
        double[] wall = new double[passes];
        double[] cpu = new double[passes];
        for (int p = 0; p < passes; p++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            pass.run();
            wall[p] = (System.nanoTime() - t0) / 1e6;
            cpu[p] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[passes / 2], cpu[passes / 2], wall[0]};
    }

    private static void report(String label, double[] ms, long bytes) {
        System.out.printf(Locale.ROOT, "%s: median %7.2f ms per pass (CPU %7.2f ms, best %7.2f ms), %5.1f GB/s at the best%n",
                label, ms[0], ms[1], ms[2], bytes / ms[2] / 1e6);
    }

    /** Microseconds per call of a [1 x 8] product: arrays, direct buffers, PyTorch tensor views. */
    private static void overhead(int h) {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu());
                NativeWeights w = NativeWeights.f32(new float[8], 1, 8)) {
            float[] x = new float[8];
            float[] y = new float[1];
            ByteBuffer xb = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
            ByteBuffer yb = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            NDArray xt = manager.ones(new Shape(1, 8));
            NDArray yt = manager.zeros(new Shape(1, 1));
            ByteBuffer xv = xt.toByteBuffer(true);
            ByteBuffer yv = yt.toByteBuffer(true);
            w.multiply(xv, yv, 1, NativeWeights.Rounding.NONE);
            // a view writes into the tensor itself: W is zeros, so y = 0 replaced by x . 0; make W ones to see it
            try (NativeWeights ones = NativeWeights.f32(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, 1, 8)) {
                ones.multiply(xt.toByteBuffer(true), yv, 1, NativeWeights.Rounding.NONE);
            }
            System.out.println("tensor view is zero-copy: x direct " + xv.isDirect() + ", y tensor reads "
                    + yt.getFloat(0, 0) + " after the kernel wrote 8 into its view");
            int calls = 200_000;
            double[] us = new double[3];
            for (int round = 0; round < 2; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    w.multiply(x, y, 1, NativeWeights.Rounding.NONE);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    w.multiply(xb, yb, 1, NativeWeights.Rounding.NONE);
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    w.multiply(xt.toByteBuffer(true), yt.toByteBuffer(true), 1, NativeWeights.Rounding.NONE);
                }
                long t3 = System.nanoTime();
                us = new double[] {(t1 - t0) / 1e3 / calls, (t2 - t1) / 1e3 / calls, (t3 - t2) / 1e3 / calls};
            }
            System.out.printf(Locale.ROOT, "per-call overhead ([1 x 8] product): arrays %.2f us, direct buffers %.2f us,"
                    + " PyTorch tensor views (toByteBuffer(true) each call) %.2f us%n", us[0], us[1], us[2]);
        }
    }
}
