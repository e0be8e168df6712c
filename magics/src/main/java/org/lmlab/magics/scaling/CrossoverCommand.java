package org.lmlab.magics.scaling;

import java.util.Locale;
import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.crossover.Crossover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %scaling crossover}: where two fitted laws predict equal loss (logic in org.lmlab.scaling.crossover). */
@Command(name = "crossover", description = "Where two fitted laws (e.g. two architectures) predict equal loss, along "
        + "model size N at a fixed tokens-per-parameter ratio (D = r N, C = 6 r N^2): the first sign change of "
        + "ln L_A - ln L_B on a log grid over [--n-min, --n-max], refined by Brent's method.",
        footer = {"", "With NAME_bootstrap for both fits (%%scaling fit --bootstrap K --as NAME), replicate i of A is",
                "paired with replicate i of B for a percentile interval of N*.",
                "Example:",
                "  %%scaling crossover --fit dense --with moe --tokens-per-param 20"})
public final class CrossoverCommand implements MagicCommand {

    static final String USAGE = "%scaling crossover --fit A --with B [--tokens-per-param R --n-min N --n-max N]";

    @Mixin
    HelpOption help;

    @Option(names = "--fit", required = true, paramLabel = "A", description = "The first fit (a variable set by %%scaling fit --as A).")
    String first;

    @Option(names = "--with", required = true, paramLabel = "B", description = "The second fit.")
    String second;

    @Option(names = "--tokens-per-param", defaultValue = "20", paramLabel = "R", description = "Tokens per parameter along the path (default: ${DEFAULT-VALUE}).")
    double ratio;

    @Option(names = "--n-min", defaultValue = "1e6", paramLabel = "N", description = "Smallest model size searched (default: ${DEFAULT-VALUE}).")
    double nMin;

    @Option(names = "--n-max", defaultValue = "1e14", paramLabel = "N", description = "Largest model size searched (default: ${DEFAULT-VALUE}).")
    double nMax;

    @Option(names = "--level", defaultValue = "0.95", paramLabel = "P", description = "Interval level with bootstraps (default: ${DEFAULT-VALUE}).")
    double level;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Crossover crossover;
        try {
            crossover = new Crossover(ratio, nMin, nMax);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage() + " (--tokens-per-param, --n-min, --n-max)", USAGE);
        }
        if (!(level > 0 && level < 1)) {
            throw new MagicUsageException("--level must be in (0, 1), not " + level, USAGE);
        }
        LawFit a = ScalingMagic.lawFit(context, first, USAGE);
        LawFit b = ScalingMagic.lawFit(context, second, USAGE);
        BootstrapResult ba = bootstrap(context, first);
        BootstrapResult bb = bootstrap(context, second);
        String text;
        try {
            if (ba != null && bb != null) {
                Crossover.WithInterval result = ScalingMagic.fitWithProgress(context, p -> crossover.find(ba, bb, level, p));
                text = result.point() == null ? noCrossing() + String.format(Locale.ROOT, "; %d of %d replicate pairs "
                        + "cross", result.crossed(), result.replicates()) : result.toString();
            } else {
                Crossover.Point point = crossover.find(a, b);
                text = point == null ? noCrossing() : point + " (no interval: needs " + first + "_bootstrap and "
                        + second + "_bootstrap)";
            }
        } catch (IllegalArgumentException e) {
            throw new MagicFailure("%scaling crossover: " + e.getMessage(), e);
        }
        MimeBundle bundle = MimeBundle.text(String.format(Locale.ROOT, "%s vs %s at %.4g tokens per parameter: ",
                first, second, ratio) + text);
        return (Displayable) () -> bundle;
    }

    private String noCrossing() {
        return String.format(Locale.ROOT, "no crossing for N in [%.3g, %.3g]", nMin, nMax);
    }

    /** NAME_bootstrap when it is a bootstrap result, else null. */
    private static BootstrapResult bootstrap(MagicContext context, String name) {
        try {
            return context.variable(name + "_bootstrap") instanceof BootstrapResult r ? r : null;
        } catch (Exception e) {
            return null;
        }
    }
}
