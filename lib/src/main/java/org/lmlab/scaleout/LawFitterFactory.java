package org.lmlab.scaleout;

import java.io.Serializable;
import org.lmlab.scaling.LawFitter;

/**
 * Builds a fitter where the work runs. Fitters and laws are not serializable; a cluster ships this recipe instead,
 * so an implementation holds only serializable values (a law's name, numbers) and its class must be on the
 * executors' class path.
 */
@FunctionalInterface
public interface LawFitterFactory extends Serializable {

    LawFitter create();
}
