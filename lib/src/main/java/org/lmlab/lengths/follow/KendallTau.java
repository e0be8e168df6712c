package org.lmlab.lengths.follow;

import java.util.Arrays;

/**
 * Kendall's τ-b in O(n log n) (Knight 1966): sort by (x, y), count tied pairs, then count the discordant pairs as
 * the swaps a merge sort on y makes. τ-b = (n₀ − n₁ − n₂ + n₃ − 2·swaps) / √((n₀ − n₁)(n₀ − n₂)), with n₀ all pairs,
 * n₁ pairs tied in x, n₂ tied in y, n₃ tied in both; scipy's {@code kendalltau} default ({@code variant='b'}).
 */
public final class KendallTau {

    private KendallTau() {
    }

    /** τ-b of the paired samples; NaN when either sample is constant (as scipy). */
    public static double tauB(double[] x, double[] y) {
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException("x and y differ in size: " + n + " and " + y.length);
        }
        if (n < 2) {
            throw new IllegalArgumentException("Kendall's tau needs at least 2 pairs, got " + n);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                throw new IllegalArgumentException("NaN at index " + i);
            }
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> x[a] != x[b] ? Double.compare(x[a], x[b]) : Double.compare(y[a], y[b]));
        double[] ys = new double[n];
        long tiedX = 0;
        long tiedXY = 0;
        long runX = 1;
        long runXY = 1;
        for (int i = 0; i < n; i++) {
            ys[i] = y[boxed[i]];
            if (i > 0) {
                boolean sameX = x[boxed[i]] == x[boxed[i - 1]];
                runX = sameX ? runX + 1 : 1;
                runXY = sameX && ys[i] == ys[i - 1] ? runXY + 1 : 1;
                tiedX += runX - 1;
                tiedXY += runXY - 1;
            }
        }
        long swaps = mergeCount(ys, new double[n], 0, n);
        long tiedY = 0;
        long runY = 1;
        for (int i = 1; i < n; i++) {
            runY = ys[i] == ys[i - 1] ? runY + 1 : 1;
            tiedY += runY - 1;
        }
        long pairs = (long) n * (n - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiedX) * (double) (pairs - tiedY));
        if (denominator == 0) {
            return Double.NaN;
        }
        return (pairs - tiedX - tiedY + tiedXY - 2.0 * swaps) / denominator;
    }

    /** Sorts a[from, to) ascending and returns the number of inversions (strictly greater before smaller). */
    private static long mergeCount(double[] a, double[] tmp, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long swaps = mergeCount(a, tmp, from, mid) + mergeCount(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                swaps += mid - i;
                tmp[k++] = a[j++];
            } else {
                tmp[k++] = a[i++];
            }
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
        return swaps;
    }
}
