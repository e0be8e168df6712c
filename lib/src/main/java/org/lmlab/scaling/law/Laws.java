package org.lmlab.scaling.law;

import java.util.List;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.ScalingLaw;

/** Laws by the names the {@code %scaling} magic takes. */
public final class Laws {

    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("chinchilla", "kaplan-n", "kaplan-d", "kaplan-c",
            "kaplan-n-pure", "kaplan-d-pure", "kaplan-c-pure", "data-constrained", "hestness");

    /** The law fitted when none is named. */
    public static final String DEFAULT = "chinchilla";

    private static final String DATA_CONSTRAINED = "data-constrained";

    private Laws() {
    }

    /** Whether the law called {@code name} reads each run's unique tokens U (the data-constrained law). */
    public static boolean usesUniqueTokens(String name) {
        return DATA_CONSTRAINED.equals(name);
    }

    /**
     * The law called {@code name} for fitting {@code data}: as {@link #byName}, with the
     * data-constrained law's base the Chinchilla fit of the same runs (reported to {@code progress}).
     *
     * @throws IllegalArgumentException for an unknown name, or too few runs for the base fit
     */
    public static ScalingLaw forData(String name, ScalingData data, Progress progress) {
        ChinchillaParams base = usesUniqueTokens(name)
                ? new LawFitter(new ChinchillaLaw()).fit(data, progress).chinchillaParams() : null;
        return byName(name, base);
    }

    /**
     * The law called {@code name}; {@code kaplan-x} has an irreducible term, {@code kaplan-x-pure}
     * not; {@code hestness} (Hestness et al. 2017, error = α m^β_g + γ against data size) is {@code kaplan-d}.
     * {@code data-constrained} needs {@code base} (the law defining U_N; usually a Chinchilla fit
     * of the same runs).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static ScalingLaw byName(String name, ChinchillaParams base) {
        return switch (name) {
            case "chinchilla" -> new ChinchillaLaw();
            case "kaplan-n" -> new KaplanLaw(KaplanLaw.Variable.N, true);
            case "kaplan-d", "hestness" -> new KaplanLaw(KaplanLaw.Variable.D, true);
            case "kaplan-c" -> new KaplanLaw(KaplanLaw.Variable.C, true);
            case "kaplan-n-pure" -> new KaplanLaw(KaplanLaw.Variable.N, false);
            case "kaplan-d-pure" -> new KaplanLaw(KaplanLaw.Variable.D, false);
            case "kaplan-c-pure" -> new KaplanLaw(KaplanLaw.Variable.C, false);
            case DATA_CONSTRAINED -> {
                if (base == null) {
                    throw new IllegalArgumentException("the data-constrained law needs a base Chinchilla law for U_N");
                }
                yield new DataConstrainedLaw(base);
            }
            default -> throw new IllegalArgumentException("unknown law '" + name + "'; one of " + String.join(", ", NAMES));
        };
    }
}
