package org.lmlab.scaling.isoflop;

import java.util.Arrays;

/**
 * Linear least squares by Householder QR: polynomials as {@code numpy.polyfit(x, y, degree)} (highest
 * power first) and general design matrices as {@code numpy.linalg.lstsq(a, b)} (full column rank).
 */
public final class LeastSquares {

    private LeastSquares() {
    }

    /**
     * Coefficients {@code p[0] x^deg + … + p[deg]}. Solved on centred and scaled x (for conditioning)
     * by Householder QR, then mapped back to powers of x.
     */
    public static double[] polyfit(double[] x, double[] y, int degree) {
        int n = x.length;
        int m = degree + 1;
        if (n < m) {
            throw new IllegalArgumentException("need at least " + m + " points for degree " + degree + ", got " + n);
        }
        double mean = Arrays.stream(x).average().orElseThrow();
        double scale = Arrays.stream(x).map(v -> Math.abs(v - mean)).max().orElseThrow();
        if (!(scale > 0)) {
            throw new IllegalArgumentException("all x values are equal");
        }
        double[][] a = new double[n][m];
        double[] b = y.clone();
        for (int i = 0; i < n; i++) {
            double u = (x[i] - mean) / scale;
            for (int j = 0; j < m; j++) {
                a[i][j] = Math.pow(u, degree - j);
            }
        }
        double[] q = solveQr(a, b, m);
        // q are coefficients in u = (x − mean)/scale, highest first; expand into powers of x.
        double[] p = new double[m];
        for (int j = 0; j < m; j++) {
            int power = degree - j;
            double coef = q[j] / Math.pow(scale, power);
            for (int k = 0; k <= power; k++) {   // (x − mean)^power = Σ C(power,k) x^k (−mean)^{power−k}
                p[degree - k] += coef * binomial(power, k) * Math.pow(-mean, power - k);
            }
        }
        return p;
    }

    /**
     * The {@code x} minimising {@code |a x − b|²} for an {@code n × m} matrix {@code a} of full column
     * rank ({@code n >= m}); the arguments are not modified.
     */
    public static double[] solve(double[][] a, double[] b) {
        int m = a[0].length;
        if (a.length < m) {
            throw new IllegalArgumentException("need at least " + m + " rows for " + m + " unknowns, got " + a.length);
        }
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return solveQr(copy, b.clone(), m);
    }

    private static double[] solveQr(double[][] a, double[] b, int m) {
        int n = a.length;
        for (int j = 0; j < m; j++) {
            double norm = 0;
            for (int i = j; i < n; i++) {
                norm += a[i][j] * a[i][j];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                throw new IllegalArgumentException("rank-deficient least-squares problem");
            }
            double alpha = a[j][j] > 0 ? -norm : norm;
            double[] v = new double[n];
            v[j] = a[j][j] - alpha;
            for (int i = j + 1; i < n; i++) {
                v[i] = a[i][j];
            }
            double vv = 0;
            for (int i = j; i < n; i++) {
                vv += v[i] * v[i];
            }
            for (int k = j; k < m; k++) {
                reflect(a, k, v, vv, j);
            }
            double s = 0;
            for (int i = j; i < n; i++) {
                s += v[i] * b[i];
            }
            for (int i = j; i < n; i++) {
                b[i] -= 2 * s / vv * v[i];
            }
        }
        double[] q = new double[m];
        for (int j = m - 1; j >= 0; j--) {
            double s = b[j];
            for (int k = j + 1; k < m; k++) {
                s -= a[j][k] * q[k];
            }
            q[j] = s / a[j][j];
        }
        return q;
    }

    private static void reflect(double[][] a, int col, double[] v, double vv, int from) {
        double s = 0;
        for (int i = from; i < a.length; i++) {
            s += v[i] * a[i][col];
        }
        for (int i = from; i < a.length; i++) {
            a[i][col] -= 2 * s / vv * v[i];
        }
    }

    private static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
