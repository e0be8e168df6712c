package org.lmlab.lengths.fit;

/** Special functions for the fits: log-gamma, digamma, trigamma, regularised incomplete gamma, normal CDF. */
final class Special {

    private Special() {
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; Stirling series above 20). */
    static double lnGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lnGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            // reflection keeps accuracy for small x: Γ(x) = Γ(x + 1) / x
            return lnGamma(x + 1) - Math.log(x);
        }
        if (x > 20) {
            return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + stirlingTail(x);
        }
        double y = x - 1;
        double a = LANCZOS[0];
        double t = y + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (y + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** ψ(x) = d/dx ln Γ(x), x > 0: recurrence up to 10, then the asymptotic series. */
    static double digamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("digamma needs x > 0, got " + x);
        }
        double result = 0;
        while (x < 10) {
            result -= 1 / x;
            x += 1;
        }
        return result + Math.log(x) - 0.5 / x - digammaSeries(x);
    }

    /** {@code ln x − ψ(x)} without the cancellation of the difference for large x (the gamma MLE equation). */
    static double logMinusDigamma(double x) {
        if (x >= 10) {
            return 0.5 / x + digammaSeries(x);
        }
        return Math.log(x) - digamma(x);
    }

    /** {@code Σ B_2k / (2k x^2k)}, the tail of ψ's asymptotic series, x &ge; 10. */
    private static double digammaSeries(double x) {
        double inv2 = 1 / (x * x);
        return inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
                - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
    }

    /** ψ'(x), x > 0: recurrence up to 10, then the asymptotic series. */
    static double trigamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("trigamma needs x > 0, got " + x);
        }
        double result = 0;
        while (x < 10) {
            result += 1 / (x * x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        // 1/x + 1/(2x^2) + sum B_2k / x^(2k+1)
        double series = inv * (1 + inv * (0.5 + inv * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42
                - inv2 * (1.0 / 30 - inv2 * (5.0 / 66 - inv2 * (691.0 / 2730 - inv2 * (7.0 / 6)))))))));
        return result + series;
    }

    /** Regularised lower incomplete gamma P(a, x) (series below a + 1, Lentz continued fraction above). */
    static double gammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x < a + 1) {
            return gammaSeries(a, x);
        }
        return 1 - gammaContinuedFraction(a, x);
    }

    /** Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), accurate where it is small. */
    static double gammaQ(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < a + 1) {
            return 1 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    /**
     * {@code x^a e^-x / Γ(a)}. For a &ge; 20 the exponent is written as {@code -a (u - log1p u)} with
     * {@code u = (x - a) / a} plus Stirling's terms, so the large, nearly cancelling {@code a ln x} and
     * {@code ln Γ(a)} never meet.
     */
    private static double prefactor(double a, double x) {
        if (a < 20) {
            return Math.exp(a * Math.log(x) - x - lnGamma(a));
        }
        double u = (x - a) / a;
        return Math.exp(-a * uMinusLog1p(u) + 0.5 * Math.log(a) - 0.5 * Math.log(2 * Math.PI) - stirlingTail(a));
    }

    /** {@code u - log(1 + u)}, accurate for small u. */
    private static double uMinusLog1p(double u) {
        if (Math.abs(u) >= 0.5) {
            return u - Math.log1p(u);
        }
        double term = u;
        double sum = 0;
        for (int k = 2; k < 200; k++) {
            term *= -u;
            double add = -term / k; // (-1)^k u^k / k
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return sum;
    }

    /** {@code ln Γ(x) - [(x - 1/2) ln x - x + ln(2π)/2]}, x &ge; 20. */
    private static double stirlingTail(double x) {
        double inv = 1 / x;
        double inv2 = inv * inv;
        return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680
                - inv2 * (1.0 / 1188)))));
    }

    private static double gammaSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < 1_000_000; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-17) {
                return sum * prefactor(a, x);
            }
        }
        throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
    }

    private static double gammaContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 1_000_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                return h * prefactor(a, x);
            }
        }
        throw new ArithmeticException("incomplete gamma fraction did not converge for a=" + a + ", x=" + x);
    }

    /** Standard normal CDF Φ(z), via erfc(t) = Q(1/2, t²). */
    static double normalCdf(double z) {
        double t = z / Math.sqrt(2);
        double half = 0.5 * gammaQ(0.5, t * t); // erfc(|t|) / 2
        return z < 0 ? half : 1 - half;
    }

    /**
     * Survival function of the limiting Kolmogorov distribution, {@code P(K > x)} (scipy's
     * {@code kstwobign.sf}): Jacobi's theta series below x = 1, the alternating series above.
     */
    static double kolmogorovSf(double x) {
        if (!(x > 0)) {
            return 1;
        }
        if (x < 1) {
            double c = -Math.PI * Math.PI / (8 * x * x);
            double sum = 0;
            for (int k = 1; k < 100; k += 2) {
                double term = Math.exp(c * k * k);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            return 1 - Math.sqrt(2 * Math.PI) / x * sum;
        }
        double sum = 0;
        for (int k = 1; k < 100; k++) {
            double term = Math.exp(-2.0 * k * k * x * x);
            sum += (k % 2 == 1) ? term : -term;
            if (term < 1e-17 * Math.abs(sum) || term == 0) {
                break;
            }
        }
        return Math.max(0, Math.min(1, 2 * sum));
    }

    /**
     * Regularised incomplete beta {@code I_x(a, b)} by Lentz's continued fraction, on the side of
     * {@code (a + 1) / (a + b + 2)} where it converges fast (the other side through {@code 1 − I_{1−x}(b, a)}).
     */
    static double betaI(double a, double b, double x) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaFraction(a, b, x) / a;
        }
        return 1 - Math.exp(logFront) * betaFraction(b, a, 1 - x) / b;
    }

    /** ln B(a, b). */
    static double lnBeta(double a, double b) {
        return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
    }

    private static double betaFraction(double a, double b, double x) {
        final double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m < 100_000; m++) {
            for (int half = 0; half < 2; half++) {
                double num = half == 0
                        ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                        : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
                d = 1 + num * d;
                d = 1 / (Math.abs(d) < tiny ? tiny : d);
                c = 1 + num / c;
                c = Math.abs(c) < tiny ? tiny : c;
                double delta = c * d;
                h *= delta;
                if (half == 1 && Math.abs(delta - 1) < 1e-15) {
                    return h;
                }
            }
        }
        throw new ArithmeticException("incomplete beta fraction did not converge (a=" + a + ", b=" + b + ", x=" + x + ")");
    }
}
