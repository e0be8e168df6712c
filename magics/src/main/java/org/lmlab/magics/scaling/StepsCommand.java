package org.lmlab.magics.scaling;

import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaling.steps.LearningCurve;
import org.lmlab.scaling.steps.StepsAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %scaling steps}: critical batch size and L(N, S_min) (Kaplan et al. 2020 section 5; logic in org.lmlab.scaling.steps). */
@Command(name = "steps", description = "Loss against steps at several batch sizes (Kaplan et al. 2020, section 5): per model "
        + "size and loss level, S = S_min + E_min/B over batch sizes gives B_crit = E_min/S_min; then "
        + "B_crit(L) = B* / L^(1/alpha_B), S_min = S / (1 + B_crit/B), and L(N, S_min) = (N_c/N)^alpha_N + "
        + "(S_c/S_min)^alpha_S, with bootstrap intervals.",
        footer = {"", "The table has one row per (run, step): model size, batch size in tokens, steps, loss.",
                "Published (Kaplan et al. 2020): B* = 2e8 tokens, alpha_B = 0.21 (eq. 1.4); alpha_N = 0.077,",
                "N_c = 6.5e13, alpha_S = 0.76, S_c = 2.1e3 (Table 3).",
                "The result is stored as NAME (--as); plot it with %%scaling plot steps --fit NAME.",
                "Example:",
                "  %%scaling steps --table curves --bootstrap 200 --as kaplan"})
final class StepsCommand implements MagicCommand {

    static final String USAGE = "%scaling steps --table CURVES [--levels K] [--bootstrap N]";

    @Mixin
    HelpOption help;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "Table of learning curves, one row per (run, step).")
    String table;

    @Option(names = "--params", defaultValue = "params", paramLabel = "COL", description = "Model size column (default: ${DEFAULT-VALUE}).")
    String params;

    @Option(names = "--batch", defaultValue = "batch", paramLabel = "COL", description = "Batch size column, in tokens (default: ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--steps", defaultValue = "steps", paramLabel = "COL", description = "Optimiser steps column (default: ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--loss", defaultValue = "loss", paramLabel = "COL", description = "Loss column (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--levels", defaultValue = "8", paramLabel = "K", description = "Loss levels per model size for B_crit (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--bootstrap", defaultValue = "200", paramLabel = "N", description = "Bootstrap resamples for the 95%% intervals, 0 for none (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--as", defaultValue = "steps", paramLabel = "NAME", description = "Variable for the result (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        if (levels < 1 || bootstrap < 0) {
            throw new MagicUsageException("--levels must be 1 or more and --bootstrap 0 or more, not " + levels + " and "
                    + bootstrap, USAGE);
        }
        var curves = context.table(table);
        try {
            StepsAnalysis result = ScalingMagic.fitWithProgress(context, p -> StepsAnalysis.run(curves,
                    new LearningCurve.Columns(params, batch, steps, loss), levels, bootstrap, seed, p));
            context.define(name, result, StepsAnalysis.class);
            MimeBundle bundle = MimeBundle.text(result.toString());
            return (Displayable) () -> bundle;
        } catch (IllegalArgumentException e) {
            throw new MagicFailure("%scaling steps: " + e.getMessage(), e);
        }
    }
}
