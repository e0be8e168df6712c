package org.lmlab.scaleout;

import java.util.Arrays;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.law.Laws;

/**
 * The fitter of a law named as {@code %scaling fit --law} names it ({@link Laws#byName}), with the data-constrained
 * law's base Chinchilla parameters as numbers, so it travels to executors without refitting the base there.
 *
 * @param base {@code (a, b, e, alpha, beta)} of the base law for {@code data-constrained}, else null
 */
public record NamedLaw(String name, double[] base) implements LawFitterFactory {

    private static final long serialVersionUID = 1L;

    public NamedLaw {
        if (!Laws.NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown law '" + name + "'; one of " + String.join(", ", Laws.NAMES));
        }
        base = base == null ? null : base.clone();
    }

    /** The law called {@code name}, with {@code base} (may be null) for the data-constrained law. */
    public static NamedLaw of(String name, ChinchillaParams base) {
        return new NamedLaw(name, base == null ? null : base.toArray());
    }

    @Override
    public LawFitter create() {
        ChinchillaParams params = base == null ? null : new ChinchillaParams(base[0], base[1], base[2], base[3], base[4]);
        return new LawFitter(Laws.byName(name, params));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NamedLaw law && law.name.equals(name) && Arrays.equals(law.base, base);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(base);
    }

    @Override
    public String toString() {
        return base == null ? name : name + " (base " + Arrays.toString(base) + ")";
    }
}
