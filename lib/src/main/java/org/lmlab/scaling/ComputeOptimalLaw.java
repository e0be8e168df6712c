package org.lmlab.scaling;

/**
 * A law of the Chinchilla form {@code E + A/N^α + B/D^β} in N and D: it has a closed-form
 * compute-optimal allocation under C = 6ND ({@link ComputeOptimal}) and closed-form iso-loss
 * contours. What {@code %scaling optimal} and {@code %scaling plot contours} need of a fit.
 */
public interface ComputeOptimalLaw extends ScalingLaw {

    /** The law at fitting coordinates {@code theta} as {@code (a, b, e, α, β)}. */
    ChinchillaParams chinchillaParams(double[] theta);
}
