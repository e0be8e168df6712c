package org.lmlab.magics.lengths;

import org.lmlab.lengths.analysis.FollowRequest;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %lengths follow}: length following per group ({@link org.lmlab.lengths.analysis.FollowRequest}). */
@Command(name = "follow", description = "Length following per group: Ruler's Precise/Flexible Match rates "
        + "(--mode ruler, targets 10..>800 words), LongWriter's S_l (--mode longwriter), or prediction errors "
        + "MAE, within-k, bucket accuracy and Kendall tau-b (--mode predict).")
final class FollowCommand implements MagicCommand {
    @Mixin
    HelpOption help;
    @Mixin
    LengthsMagic.Input in;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Target (ruler: label), required or predicted length.")
    String target;

    @Option(names = "--length", required = true, paramLabel = "COL", description = "Produced (actual) length.")
    String length;

    @Option(names = "--mode", defaultValue = "RULER", paramLabel = "M", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FollowRequest.Mode mode;

    @Option(names = "--k", defaultValue = "50", paramLabel = "K", description = "predict: tolerance in tokens (default: ${DEFAULT-VALUE}).")
    double k;

    @Option(names = "--bucket-width", defaultValue = "100", paramLabel = "W", description = "predict: bucket width (default: ${DEFAULT-VALUE}).")
    double bucketWidth;

    @Option(names = "--as", defaultValue = "lengths_follow", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Table t = in.open(context, "%lengths follow --table NAME --target COL --length COL", target, length);
        FollowRequest request = new FollowRequest(target, length, in.by, mode, k, bucketWidth);
        return LengthsMagic.stored(context, as, "follow", in.table, (alloc, source) -> request.run(t, alloc, source));
    }
}
