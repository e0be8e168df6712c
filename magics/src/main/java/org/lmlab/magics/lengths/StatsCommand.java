package org.lmlab.magics.lengths;

import java.util.Locale;
import org.lmlab.lengths.Dispersion;
import org.lmlab.stats.QuantileMethod;
import org.lmlab.lengths.analysis.StatsRequest;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %lengths stats}: summary statistics per group ({@link org.lmlab.lengths.analysis.StatsRequest}). */
@Command(name = "stats", description = "Count, mean, SD, CV, min, quantiles and max per group.")
final class StatsCommand implements MagicCommand {
    @Mixin
    HelpOption help;
    @Mixin
    LengthsMagic.Lengths in;

    @Option(names = "--sd", defaultValue = "population", paramLabel = "KIND",
            description = "population (ddof 0, numpy's default) or sample (ddof 1) (default: ${DEFAULT-VALUE}).")
    String sd;

    @Option(names = "--quantiles", split = ",", defaultValue = "0.25,0.5,0.75,0.99", paramLabel = "P",
            description = "Quantile levels in [0, 1] (default: ${DEFAULT-VALUE}).")
    double[] quantiles;

    @Option(names = "--method", defaultValue = "LINEAR", paramLabel = "M",
            description = "Quantile method: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, numpy's).")
    QuantileMethod method;

    @Option(names = "--as", defaultValue = "lengths_stats", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Table t = in.open(context, "%lengths stats --table NAME --value COL [--by COL...]", in.value);
        Dispersion d = switch (sd.toLowerCase(Locale.ROOT)) {
            case "population" -> Dispersion.POPULATION;
            case "sample" -> Dispersion.SAMPLE;
            default -> throw new MagicUsageException("--sd must be population or sample, not '" + sd + "'", "%lengths stats --help");
        };
        StatsRequest request = new StatsRequest(in.value, in.by, d, quantiles, method);
        return LengthsMagic.stored(context, as, "stats", in.table, (alloc, source) -> request.run(t, alloc, source));
    }
}
