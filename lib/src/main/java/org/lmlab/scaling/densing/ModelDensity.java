package org.lmlab.scaling.densing;

import java.time.LocalDate;

/**
 * A model's capacity density: effective parameters (the reference size matching its loss or score)
 * over its actual parameters.
 *
 * @param name      model name
 * @param released  release date
 * @param params    actual parameters, finite and &gt; 0
 * @param effective effective parameters, finite and &gt; 0
 */
public record ModelDensity(String name, LocalDate released, double params, double effective) {

    public ModelDensity {
        if (name == null || released == null) {
            throw new IllegalArgumentException("a model needs a name and a release date");
        }
        if (!(params > 0) || !Double.isFinite(params) || !(effective > 0) || !Double.isFinite(effective)) {
            throw new IllegalArgumentException(name + ": params and effective params must be finite and > 0, got "
                    + params + " and " + effective);
        }
    }

    /** ρ = effective / actual parameters. */
    public double density() {
        return effective / params;
    }
}
