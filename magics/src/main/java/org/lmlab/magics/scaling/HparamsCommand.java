package org.lmlab.magics.scaling;

import java.util.List;
import java.util.Locale;
import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableVariables;
import org.lmlab.plot.Chart;
import org.lmlab.scaling.plot.HparamPlots;
import org.lmlab.scaling.steplaw.GroupOptimum;
import org.lmlab.scaling.steplaw.HparamRun;
import org.lmlab.scaling.steplaw.StepLaw;
import org.lmlab.scaling.steplaw.StepLawFit;
import org.lmlab.scaling.steplaw.StepLawFitter;
import org.lmlab.scaling.steplaw.StepLawOptions;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code %scaling hparams}: Step Law fits of a learning-rate × batch grid, and predictions (logic in org.lmlab.scaling.steplaw). */
@Command(name = "hparams", description = "Step Law (Li et al. 2025): per (N, D) the optimum of a quadratic surface in "
        + "(ln lr, ln batch), then lr_opt = c N^alpha D^beta and B_opt = d D^gamma by least squares in log space; "
        + "or predict optimal lr and batch from a preset or a fit.",
        footer = {"", "Batch sizes are in tokens (give --batch-scale 2048 for a column of 2048-token sequences).",
                "The preset steplaw is the paper's lr = 1.79 N^-0.713 D^0.307, B = 0.58 D^0.571 tokens (N non-embedding",
                "parameters). The fit is stored as NAME (--as), its per-group optima as the table NAME_optima;",
                "%%scaling plot hparams --fit NAME --group N,D draws one group's landscape.",
                "Examples:",
                "  %%table load datasets/scaling-steplaw/steplaw_dense_runs.csv --as grid",
                "  %%scaling hparams --table grid --loss-col smooth_loss --batch-scale 2048 --as steplaw",
                "  %%scaling hparams --preset steplaw --n 1e9 --d 1e11"})
public final class HparamsCommand implements MagicCommand {

    static final String USAGE = "%scaling hparams --table T [--n-col C --d-col C --lr-col C --batch-col C --loss-col C]"
            + " | --preset steplaw --n N --d D";

    @Mixin
    HelpOption help;

    @Option(names = "--table", paramLabel = "NAME", description = "Table of runs (N, D, lr, batch, loss).")
    String table;

    @Option(names = "--n-col", defaultValue = "params", paramLabel = "COL", description = "Model size column (default: ${DEFAULT-VALUE}).")
    String nCol;

    @Option(names = "--d-col", defaultValue = "tokens", paramLabel = "COL", description = "Training tokens column (default: ${DEFAULT-VALUE}).")
    String dCol;

    @Option(names = "--lr-col", defaultValue = "lr", paramLabel = "COL", description = "Peak learning rate column (default: ${DEFAULT-VALUE}).")
    String lrCol;

    @Option(names = "--batch-col", defaultValue = "batch", paramLabel = "COL", description = "Batch size column (default: ${DEFAULT-VALUE}).")
    String batchCol;

    @Option(names = "--loss-col", defaultValue = "loss", paramLabel = "COL", description = "Final loss column (default: ${DEFAULT-VALUE}).")
    String lossCol;

    @Option(names = "--batch-scale", defaultValue = "1", paramLabel = "K", description = "Tokens per unit of the batch column, e.g. the sequence length (default: ${DEFAULT-VALUE}).")
    double batchScale;

    @Option(names = "--window", defaultValue = "0.02", paramLabel = "W", description = "Fit each group's surface to runs within W (relative) of its best loss (default: ${DEFAULT-VALUE}).")
    double window;

    @Option(names = "--near-best", paramLabel = "TOL", description = "Regress on every run within TOL of its group's best loss instead of the group optima (the authors' code uses 0.0025).")
    Double nearBest;

    @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N", description = "Resamples of the regression points for 95%% intervals (default: ${DEFAULT-VALUE}; 0: none).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preset", paramLabel = "NAME", description = "Predict with a published law: steplaw.")
    String preset;

    @Option(names = "--fit", paramLabel = "NAME", description = "Predict with a Step Law fit stored by --as.")
    String fitName;

    @Option(names = "--n", paramLabel = "N", description = "Model size (non-embedding parameters) to predict for.")
    Double n;

    @Option(names = "--d", paramLabel = "D", description = "Training tokens to predict for.")
    Double d;

    @Option(names = "--seq-len", paramLabel = "L", description = "Also give the predicted batch in sequences of L tokens.")
    Integer seqLen;

    @Option(names = "--as", defaultValue = "hparams", paramLabel = "NAME", description = "Variable for the fit (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        int modes = (table != null ? 1 : 0) + (preset != null ? 1 : 0) + (fitName != null ? 1 : 0);
        if (modes != 1) {
            throw new MagicUsageException("give one of --table (fit), --preset or --fit (predict)", USAGE);
        }
        if (table != null) {
            if (n != null || d != null || seqLen != null) {
                throw new MagicUsageException("--n, --d and --seq-len are for predictions (--preset or --fit)", USAGE);
            }
            return fit(context);
        }
        return predict(lawToPredictWith(context));
    }

    private StepLaw lawToPredictWith(MagicContext context) throws Exception {
        if (preset != null) {
            if (!preset.equals("steplaw")) {
                throw new MagicUsageException("unknown preset '" + preset + "'; the one preset is steplaw", USAGE);
            }
            return StepLaw.PUBLISHED;
        }
        return stepLawFit(context, fitName, "%scaling hparams --fit NAME").law();
    }

    /** The Step Law fit in variable {@code name}. */
    static StepLawFit stepLawFit(MagicContext context, String name, String command) throws Exception {
        Object value = ScalingMagic.variable(context, name, "%scaling hparams --table T --as " + name);
        if (!(value instanceof StepLawFit fit)) {
            throw new MagicUsageException("'" + name + "' is not a Step Law fit; run %scaling hparams --table T --as "
                    + name + " first", command);
        }
        return fit;
    }

    /**
     * {@code %scaling plot hparams}: the landscape of group {@code group} ("N,D"; null: the first) of
     * the fit {@code name} ("fit", the plot's default, falls back to this command's default "hparams").
     */
    static Chart landscape(MagicContext context, String name, String group, int levels) throws Exception {
        String usage = "%scaling plot hparams --fit NAME --group N,D";
        String resolved = name;
        if (name.equals("fit") && !(variableOrNull(context, "fit") instanceof StepLawFit)) {
            resolved = "hparams";
        }
        StepLawFit fit = stepLawFit(context, resolved, usage);
        if (levels < 0) {
            throw new MagicUsageException("--levels must be 0 or more, not " + levels, usage);
        }
        GroupOptimum g = fit.groups().get(0);
        if (group != null) {
            String[] parts = group.split(",");
            double[] nd = new double[2];
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                nd[0] = Double.parseDouble(parts[0].strip());
                nd[1] = Double.parseDouble(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new MagicUsageException("--group takes N,D (two numbers, e.g. 4.29e8,5e10), not '" + group + "'",
                        usage);
            }
            try {
                g = fit.group(nd[0], nd[1]);
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException(e.getMessage(), usage);
            }
        }
        return HparamPlots.landscape(fit, g, levels);
    }

    private static Object variableOrNull(MagicContext context, String name) {
        try {
            return context.variable(name);
        } catch (Exception e) {
            return null;
        }
    }

    private Object predict(StepLaw law) throws MagicUsageException {
        if (n == null || d == null) {
            throw new MagicUsageException("a prediction needs --n N and --d D", USAGE);
        }
        if (!(n > 0 && d > 0) || n.isInfinite() || d.isInfinite()) {
            throw new MagicUsageException("--n and --d must be positive numbers, got " + n + " and " + d, USAGE);
        }
        if (seqLen != null && seqLen <= 0) {
            throw new MagicUsageException("--seq-len must be positive, got " + seqLen, USAGE);
        }
        double lr = law.learningRate(n, d);
        double batch = law.batchTokens(d);
        String text = String.format(Locale.ROOT, "N = %.4g, D = %.4g: lr_opt = %.4g, B_opt = %.4g tokens%s%n  (%s)",
                n, d, lr, batch, seqLen == null ? "" : String.format(Locale.ROOT, " = %.1f sequences of %d",
                        batch / seqLen, seqLen), law.formula());
        MimeBundle bundle = MimeBundle.text(text);
        return (Displayable) () -> bundle;
    }

    private Object fit(MagicContext context) throws Exception {
        if (bootstrap < 0) {
            throw new MagicUsageException("--bootstrap must be 0 or more, not " + bootstrap, USAGE);
        }
        StepLawOptions options;
        try {
            options = new StepLawOptions(window, nearBest == null ? StepLawOptions.Points.OPTIMA
                    : StepLawOptions.Points.NEAR_BEST, nearBest == null ? 0.0025 : nearBest, bootstrap, seed, 0.95);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage().replace("window", "--window").replace("tolerance",
                    "--near-best"), USAGE);
        }
        HparamRun.Columns columns = new HparamRun.Columns(nCol, dCol, lrCol, batchCol, lossCol);
        Table data = context.table(table, List.of(nCol, dCol, lrCol, batchCol, lossCol), USAGE);
        if (!(batchScale > 0) || Double.isInfinite(batchScale)) {
            throw new MagicUsageException("--batch-scale must be a positive number, not " + batchScale, USAGE);
        }
        try {
            List<HparamRun> runs = HparamRun.fromTable(data, columns, batchScale);
            StepLawFit fit = ScalingMagic.fitWithProgress(context, p -> new StepLawFitter(options).fit(runs, p));
            context.define(name, fit, StepLawFit.class);
            Table optima = fit.toTable(context.tables().allocator());
            context.tables().put(name + "_optima", TableVariables.attachProvenance(context, optima)); // the catalog owns (and later frees) it
            MimeBundle bundle = MimeBundle.text(fit + System.lineSeparator() + groupNotes(fit) + "  (per-group table: "
                    + name + "_optima)");
            return (Displayable) () -> bundle;
        } catch (IllegalArgumentException e) {
            throw new MagicFailure("%scaling hparams: table '" + table + "', " + e.getMessage(), e);
        }
    }

    private static String groupNotes(StepLawFit fit) {
        StringBuilder s = new StringBuilder();
        for (GroupOptimum g : fit.groups()) {
            s.append(String.format(Locale.ROOT, "  N=%.4g D=%.4g: lr=%.4g B=%.4g loss=%.5f (%s; best run lr=%.4g "
                    + "B=%.4g loss=%.5f)%n", g.params(), g.tokens(), g.lr(), g.batch(), g.loss(),
                    g.method() == GroupOptimum.Method.SURFACE ? "surface, " + g.fitted() + " of " + g.runs() + " runs"
                            : g.note(), g.best().lr(), g.best().batch(), g.best().loss()));
        }
        return s.toString();
    }
}
