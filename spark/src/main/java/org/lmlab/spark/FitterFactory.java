package org.lmlab.spark;

import java.io.Serializable;
import org.lmlab.scaling.LawFitter;

/**
 * Builds the fitter an executor refits with. Fitters and laws are not serializable (and need not be): Spark ships
 * this factory instead, so write it as a static method reference or a lambda that captures only serializable values,
 * e.g. {@code () -> new LawFitter(new ChinchillaLaw())}; its classes must be on the executors' class path.
 */
@FunctionalInterface
public interface FitterFactory extends Serializable {

    LawFitter create();
}
