package org.lmlab.magics.lengths;

import java.util.List;
import org.lmlab.lengths.analysis.FitRequest;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.fit.LengthFits;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %lengths fit}: distribution fits per group ({@link org.lmlab.lengths.analysis.FitRequest}). */
@Command(name = "fit", description = "Maximum-likelihood fits per group (exponential, lognormal, gamma, Weibull, "
        + "negative binomial for whole-number lengths, two-component lognormal mixture): parameters, logL, AIC, "
        + "BIC, KS statistic and asymptotic p-value; rank 1 is the best family of the group. A family that does "
        + "not apply to a group (zeros for the positive families, fractions for the negative binomial, equal "
        + "lengths) is listed with status 'skipped' and the reason in 'note'; a failed fit (a negative or missing "
        + "length, no convergence) with status 'failed'. Other groups are fitted either way.")
final class FitCommand implements MagicCommand {
    @Mixin
    HelpOption help;
    @Mixin
    LengthsMagic.Lengths in;

    @Option(names = "--families", split = ",", paramLabel = "F",
            description = "Families to fit (default: all that apply): ${COMPLETION-CANDIDATES}.")
    List<Family> families;

    @Option(names = "--criterion", defaultValue = "AIC", paramLabel = "C", description = "AIC or BIC (default: ${DEFAULT-VALUE}).")
    LengthFits.Criterion criterion;

    @Option(names = "--as", defaultValue = "lengths_fit", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Table t = in.open(context, "%lengths fit --table NAME --value COL [--by COL...]", in.value);
        FitRequest request = new FitRequest(in.value, in.by, criterion, families);
        return LengthsMagic.stored(context, as, "fit", in.table, (alloc, source) -> request.run(t, alloc, source));
    }
}
