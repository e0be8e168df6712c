package org.lmlab.scaling;

import java.util.Arrays;
import java.util.stream.DoubleStream;

/**
 * A Cartesian grid of starting points for the multi-start fit, enumerated in the order
 * {@code alpha, beta, e, a, b} (alpha outermost, b innermost), as in the replication's
 * {@code itertools.product}.
 */
public record StartGrid(double[] alphas, double[] betas, double[] es, double[] as, double[] bs) {

    public StartGrid {
        alphas = checked("alphas", alphas);
        betas = checked("betas", betas);
        es = checked("es", es);
        as = checked("as", as);
        bs = checked("bs", bs);
    }

    /**
     * Besiroglu et al. 2024: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}
     * (5·5·5·6·6 = 4,500 starts).
     */
    public static StartGrid replication() {
        return new StartGrid(range(0, 2, 0.5), range(0, 2, 0.5), range(-1, 1, 0.5), range(0, 25, 5), range(0, 25, 5));
    }

    /** A single start. */
    public static StartGrid single(ChinchillaParams p) {
        return new StartGrid(new double[] {p.alpha()}, new double[] {p.beta()}, new double[] {p.e()},
                new double[] {p.a()}, new double[] {p.b()});
    }

    /** {@code from, from + step, …, to} (inclusive, computed as from + i·step). */
    public static double[] range(double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        return DoubleStream.iterate(0, i -> i + 1).limit(n).map(i -> from + i * step).toArray();
    }

    public int size() {
        return alphas.length * betas.length * es.length * as.length * bs.length;
    }

    /** The i-th start as {@code (a, b, e, alpha, beta)}. */
    public double[] start(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("start " + i + " of " + size());
        }
        int ib = i % bs.length;
        i /= bs.length;
        int ia = i % as.length;
        i /= as.length;
        int ie = i % es.length;
        i /= es.length;
        int ibe = i % betas.length;
        int ial = i / betas.length;
        return new double[] {as[ia], bs[ib], es[ie], alphas[ial], betas[ibe]};
    }

    /** The grid as the argument the scipy reference script takes: five comma lists joined by ';'. */
    public String spec() {
        return String.join(";", join(alphas), join(betas), join(es), join(as), join(bs));
    }

    private static String join(double[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    private static double[] checked(String name, double[] v) {
        if (v == null || v.length == 0 || !Arrays.stream(v).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException(name + " must be a non-empty array of finite values");
        }
        return v.clone();
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    @Override
    public double[] es() {
        return es.clone();
    }

    @Override
    public double[] as() {
        return as.clone();
    }

    @Override
    public double[] bs() {
        return bs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartGrid g && Arrays.equals(alphas, g.alphas) && Arrays.equals(betas, g.betas)
                && Arrays.equals(es, g.es) && Arrays.equals(as, g.as) && Arrays.equals(bs, g.bs);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {alphas, betas, es, as, bs});
    }

    @Override
    public String toString() {
        return "StartGrid[" + size() + " starts: alpha " + Arrays.toString(alphas) + ", beta " + Arrays.toString(betas)
                + ", e " + Arrays.toString(es) + ", a " + Arrays.toString(as) + ", b " + Arrays.toString(bs) + "]";
    }
}
