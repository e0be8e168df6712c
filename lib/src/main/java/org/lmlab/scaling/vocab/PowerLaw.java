package org.lmlab.scaling.vocab;

import java.util.Locale;

/** {@code y = exp(logK) · x^exponent}, as the IsoFLOP relations N_nv(C), N_v(C), D(C) are written. */
public record PowerLaw(double logK, double exponent) {

    public double at(double x) {
        return Math.exp(logK + exponent * Math.log(x));
    }

    /** The x at which the law reaches {@code y}. */
    public double inverse(double y) {
        return Math.exp((Math.log(y) - logK) / exponent);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "exp(%.6g)·C^%.6g", logK, exponent);
    }
}
