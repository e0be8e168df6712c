package org.lmlab.magics.scaling;

import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.densing.DensityAnalysis;
import org.lmlab.scaling.densing.DensityTrend;
import org.lmlab.scaling.densing.Densing;
import org.lmlab.scaling.densing.ReferenceLaw;
import org.lmlab.scaling.densing.ScoreCurve;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %scaling density}: capacity density and its doubling time (Xiao et al. 2024; logic in org.lmlab.scaling.densing). */
@Command(name = "density", description = "Densing law (Xiao et al. 2024): each model's effective parameters (the "
        + "reference law's N reaching its loss, or its score through a sigmoid fitted on reference models), density = "
        + "effective / actual parameters, and ln(density) against release date fitted as a line: doubling time "
        + "ln 2 / A with a bootstrap interval.",
        footer = {"", "The reference law is a fit (%%scaling fit ... --as REF) of reference-model runs; a reference model",
                "of N parameters is trained on --tokens-per-param x N tokens (or --reference-tokens D tokens).",
                "With --scores, S(L) = c / (1 + exp(-gamma (L - l))) + d is fitted to the score table's",
                "loss and score columns (rows without a score are skipped), and the models' --measure",
                "column is read as a score.",
                "The result is stored as NAME (--as); plot it with %%scaling plot density --fit NAME.",
                "Example:",
                "  %%scaling fit --table refruns --as ref",
                "  %%scaling density --table models --reference ref --scores refruns --as dens"})
final class DensityCommand implements MagicCommand {

    static final String USAGE = "%scaling density --table MODELS --reference FIT [--scores TABLE]";

    @Mixin
    HelpOption help;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "Table of models (name, release date, parameters, loss or score).")
    String table;

    @Option(names = "--reference", required = true, paramLabel = "FIT", description = "Variable holding the reference law's fit.")
    String reference;

    @Option(names = "--tokens-per-param", paramLabel = "R", description = "Reference models train on R tokens per parameter (default: 20 unless --reference-tokens).")
    Double tokensPerParam;

    @Option(names = "--reference-tokens", paramLabel = "D", description = "Reference models all train on D tokens.")
    Double referenceTokens;

    @Option(names = "--scores", paramLabel = "TABLE", description = "Table of reference models with loss and score columns: fit the score sigmoid.")
    String scores;

    @Option(names = "--score-loss", defaultValue = "loss", paramLabel = "COL", description = "Loss column of --scores (default: ${DEFAULT-VALUE}).")
    String scoreLoss;

    @Option(names = "--score", defaultValue = "score", paramLabel = "COL", description = "Score column of --scores (default: ${DEFAULT-VALUE}).")
    String score;

    @Option(names = "--model", defaultValue = "model", paramLabel = "COL", description = "Model name column (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--released", defaultValue = "released", paramLabel = "COL", description = "Release date column, a date or yyyy-mm-dd text (default: ${DEFAULT-VALUE}).")
    String released;

    @Option(names = "--params", defaultValue = "params", paramLabel = "COL", description = "Actual parameters column (default: ${DEFAULT-VALUE}).")
    String params;

    @Option(names = "--measure", paramLabel = "COL", description = "The models' loss column, or score column with --scores (default: loss, or score with --scores).")
    String measure;

    @Option(names = "--frontier", description = "Fit the line to the running maximum (models denser than all released before), as the paper's rho_max; default: all models.")
    boolean frontier;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description = "Resamples of the fitted models for the 95%% intervals (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--as", defaultValue = "density", paramLabel = "NAME", description = "Variable for the result (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        if (tokensPerParam != null && referenceTokens != null) {
            throw new MagicUsageException("--tokens-per-param and --reference-tokens are alternatives; give one", USAGE);
        }
        double ratio = referenceTokens != null ? Double.NaN : tokensPerParam == null ? 20 : tokensPerParam;
        double tokens = referenceTokens == null ? Double.NaN : referenceTokens;
        if (!(ratio > 0) && !(tokens > 0)) {
            throw new MagicUsageException("--tokens-per-param / --reference-tokens must be > 0", USAGE);
        }
        if (bootstrap < 1) {
            throw new MagicUsageException("--bootstrap must be 1 or more, not " + bootstrap, USAGE);
        }
        LawFit fit = ScalingMagic.lawFit(context, reference, "%scaling density --reference FIT");
        var models = context.table(table);
        var scoreTable = scores == null ? null : context.table(scores);
        try {
            ReferenceLaw law = new ReferenceLaw(fit.law(), fit.theta(), tokens, ratio);
            ScoreCurve curve = scoreTable == null ? null : ScoreCurve.fit(scoreTable, scoreLoss, score).curve();
            Densing.Columns columns = new Densing.Columns(model, released, params,
                    measure != null ? measure : curve != null ? "score" : "loss");
            DensityAnalysis result = ScalingMagic.fitWithProgress(context, p -> DensityAnalysis.run(models, columns, law,
                    curve, frontier ? DensityTrend.Selection.FRONTIER : DensityTrend.Selection.ALL, bootstrap, seed, p));
            context.define(name, result, DensityAnalysis.class);
            MimeBundle bundle = MimeBundle.text(result.toString());
            return (Displayable) () -> bundle;
        } catch (IllegalArgumentException e) {
            throw new MagicFailure("%scaling density: " + e.getMessage(), e);
        }
    }
}
