package org.lmlab.magics.lengths;

import java.util.List;
import org.lmlab.lengths.analysis.WinRateRequest;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %lengths winrate}: AlpacaEval win rates per model ({@link org.lmlab.lengths.analysis.WinRateRequest}). */
@Command(name = "winrate", description = "AlpacaEval raw win rate and standard error per model, and the "
        + "length-controlled win rate (GLM; instruction difficulty estimated from the other models' annotations).")
final class WinRateCommand implements MagicCommand {
    @Mixin
    HelpOption help;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "Annotations: one row per (model, instruction).")
    String table;

    @Option(names = "--model", defaultValue = "model", paramLabel = "COL", description = "(default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--preference", defaultValue = "preference", paramLabel = "COL", description = "Judge preference in [1, 2] (default: ${DEFAULT-VALUE}).")
    String preference;

    @Option(names = "--length", defaultValue = "output_chars", paramLabel = "COL", description = "Model output length (default: ${DEFAULT-VALUE}).")
    String length;

    @Option(names = "--baseline-length", defaultValue = "baseline_chars", paramLabel = "COL", description = "(default: ${DEFAULT-VALUE})")
    String baselineLength;

    @Option(names = "--instruction", defaultValue = "instruction_index", paramLabel = "COL", description = "(default: ${DEFAULT-VALUE})")
    String instruction;

    @Option(names = "--no-lc", description = "Skip the length-controlled win rate.")
    boolean noLc;

    @Option(names = "--as", defaultValue = "lengths_winrate", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        Table t = context.table(table, List.of(model, preference, length, baselineLength, instruction),
                "%lengths winrate --table NAME");
        WinRateRequest request = new WinRateRequest(model, preference, length, baselineLength, instruction, !noLc);
        return LengthsMagic.stored(context, as, "winrate", table, (alloc, source) -> request.run(t, table, alloc, source));
    }
}
