package org.lmlab.magics.scaling;

import java.util.ArrayList;
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
import org.lmlab.stats.Interval;
import org.lmlab.scaling.vocab.OptimalVocab;
import org.lmlab.scaling.vocab.VocabBootstrap;
import org.lmlab.scaling.vocab.VocabData;
import org.lmlab.scaling.vocab.VocabFit;
import org.lmlab.scaling.vocab.VocabFitter;
import org.lmlab.scaling.vocab.VocabLaw;
import org.lmlab.scaling.vocab.VocabParams;
import org.lmlab.scaling.vocab.VocabPlots;
import org.lmlab.scaling.vocab.VocabRun;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %scaling vocab fit|optimal|plot}: vocabulary scaling (Tao et al. 2024); logic in org.lmlab.scaling.vocab. */
@Command(name = "vocab", description = "Vocabulary scaling (Tao et al. 2024): fit L_u = -E + A1/N_nv^alpha1 + A2/N_v^alpha2 "
        + "+ B/D^beta to runs (fit), or the optimal vocabulary size for a compute budget by the paper's three "
        + "approaches (optimal, plot).",
        footer = {"", "N_nv: non-vocabulary parameters; N_v = V*d: vocabulary parameters; D: tokens; C = 6 (N_nv + N_v) D;",
                "L_u: unigram-normalised loss. The law is written with N in millions and D in billions of tokens.",
                "fit: Huber (delta 1e-3) of L_u residuals, L-BFGS from 486 starts (1,458 with --free-alpha1);",
                "  alpha1 tied to beta as the authors fit it. Stored as NAME (--as); --bootstrap prints 95%% intervals.",
                "optimal/plot: Approach 1 N_v = e^-1.589 C^0.4164 (and N_nv = e^-2.485 C^0.5 unless --nnv),",
                "  Approach 2 N_v = 3145728 (N_nv/33e6)^0.8354, Approach 3 dL_u/dV = 0 at fixed N_nv, d, C with the",
                "  released constants, or the fit named by --fit. d from the authors' width table unless --dim.",
                "", "Examples:", "  %%table load datasets/scaling-vocab/vocab_runs.csv --as vruns",
                "  %%scaling vocab fit --table vruns --min-flops 2.18e17 --start published --as vfit",
                "  %%scaling vocab optimal --flops 7.05e23", "  %%scaling vocab optimal --nnv 70e9 --fit vfit",
                "  %%scaling vocab plot --from 1e19 --to 1e25"})
final class VocabCommand implements MagicCommand {

    enum Action {
        fit, optimal, plot
    }

    static final String USAGE = "%scaling vocab fit --table NAME | optimal --flops C | plot";

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "ACTION", description = "fit, optimal or plot.")
    Action action;

    @Option(names = "--table", paramLabel = "NAME", description = "fit: table of runs.")
    String table;

    @Option(names = "--nnv-col", defaultValue = "non_vocab_params", paramLabel = "COL", description = "Non-vocabulary parameters column (default: ${DEFAULT-VALUE}).")
    String nnvColumn;

    @Option(names = "--vocab-col", defaultValue = "vocab_size", paramLabel = "COL", description = "Vocabulary size column (default: ${DEFAULT-VALUE}).")
    String vocabColumn;

    @Option(names = "--dim-col", defaultValue = "embed_dim", paramLabel = "COL", description = "Embedding width column (default: ${DEFAULT-VALUE}).")
    String dimColumn;

    @Option(names = "--tokens-col", defaultValue = "tokens", paramLabel = "COL", description = "Training tokens column (default: ${DEFAULT-VALUE}).")
    String tokensColumn;

    @Option(names = "--loss-col", defaultValue = "loss_u", paramLabel = "COL", description = "Unigram-normalised loss column (default: ${DEFAULT-VALUE}).")
    String lossColumn;

    @Option(names = "--min-flops", defaultValue = "0", paramLabel = "C", description = "fit: leave out runs below C FLOPs (the authors use 2.18e17; default: keep all).")
    double minFlops;

    @Option(names = "--free-alpha1", description = "fit: fit alpha1 apart from beta (7 parameters).")
    boolean freeAlpha1;

    @Option(names = "--start", defaultValue = "grid", paramLabel = "FROM", description = "fit: grid (486 starts) or published "
            + "(one start at the released constants, as the authors' point polished; default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--bootstrap", defaultValue = "0", paramLabel = "N", description = "fit: refit N resamples for 95%% percentile intervals.")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--as", defaultValue = "vocab_fit", paramLabel = "NAME", description = "fit: variable for the fit (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--flops", paramLabel = "C", description = "optimal: compute budget (default with --nnv: Approach 1's budget for that N_nv).")
    Double flops;

    @Option(names = "--nnv", paramLabel = "N", description = "optimal: non-vocabulary parameters (default: Approach 1's N_nv for --flops).")
    Double nnv;

    @Option(names = "--dim", paramLabel = "D", description = "optimal, plot: embedding width (default: the authors' width for N_nv).")
    Double dim;

    @Option(names = "--fit", paramLabel = "NAME", description = "optimal, plot: a vocab fit for Approach 3 (default: the released constants).")
    String fitName;

    @Option(names = "--from", defaultValue = "1e18", paramLabel = "C", description = "plot: smallest budget (default: ${DEFAULT-VALUE}).")
    double from;

    @Option(names = "--to", defaultValue = "1e25", paramLabel = "C", description = "plot: largest budget (default: ${DEFAULT-VALUE}).")
    double to;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        try {
            return switch (action) {
                case fit -> fit(context);
                case optimal -> optimal(context);
                case plot -> plot(context, fitName, from, to, dim);
            };
        } catch (IllegalArgumentException e) {
            throw new MagicFailure("%scaling vocab " + action + ": " + e.getMessage(), e);
        }
    }

    private Object fit(MagicContext context) throws Exception {
        if (table == null) {
            throw new MagicUsageException("%scaling vocab fit needs --table NAME", USAGE);
        }
        if (bootstrap < 0 || bootstrap == 1) {
            throw new MagicUsageException("--bootstrap must be 0 or at least 2, not " + bootstrap, USAGE);
        }
        if (!(minFlops >= 0) || Double.isInfinite(minFlops)) {
            throw new MagicUsageException("--min-flops must be 0 or a positive number, not " + minFlops, USAGE);
        }
        if (!start.equals("grid") && !start.equals("published")) {
            throw new MagicUsageException("--start must be grid or published, not '" + start + "'", USAGE);
        }
        VocabData.Columns columns = new VocabData.Columns(nnvColumn, vocabColumn, dimColumn, tokensColumn, lossColumn);
        Table runs = context.table(table, List.of(nnvColumn, vocabColumn, dimColumn, tokensColumn, lossColumn),
                "%scaling vocab fit --table NAME --nnv-col COL --vocab-col COL --dim-col COL --tokens-col COL --loss-col COL");
        VocabData all = VocabData.fromTable(runs, columns);
        List<VocabRun> kept = new ArrayList<>();
        for (VocabRun r : all.runs()) {
            if (r.flops() >= minFlops) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no run has at least --min-flops " + minFlops + " FLOPs");
        }
        VocabData data = new VocabData(kept);
        VocabLaw law = new VocabLaw(!freeAlpha1);
        VocabFitter fitter = new VocabFitter(law);
        List<double[]> starts = start.equals("grid") ? law.startGrid() : List.of(law.theta(VocabParams.published()));
        VocabFit fit = ScalingMagic.fitWithProgress(context, p -> fitter.fit(data, starts, p));
        StringBuilder text = new StringBuilder(fit.toString());
        if (bootstrap > 0) {
            List<Interval> intervals = ScalingMagic.fitWithProgress(context,
                    p -> new VocabBootstrap(fitter).run(data, fit, bootstrap, seed, 0.95, p));
            intervals.forEach(i -> text.append(System.lineSeparator()).append("  ").append(i));
        }
        context.define(name, fit, VocabFit.class); // only once everything succeeded
        return text(text.toString());
    }

    private Object optimal(MagicContext context) throws Exception {
        if (flops == null && nnv == null) {
            throw new MagicUsageException("%scaling vocab optimal needs --flops C, --nnv N, or both", USAGE);
        }
        checkPositive("--flops", flops);
        checkPositive("--nnv", nnv);
        checkPositive("--dim", dim);
        OptimalVocab.Approaches approaches = approaches(context, fitName);
        OptimalVocab o = flops == null ? OptimalVocab.forModel(nnv, approaches)
                : OptimalVocab.at(flops, nnv == null ? Double.NaN : nnv, Double.NaN, approaches);
        if (dim != null) {
            o = OptimalVocab.at(o.flops(), o.nonVocabParams(), dim, approaches);
        }
        return text(String.format(Locale.ROOT, "At C = %.4g FLOPs, N_nv = %.4g, d = %.0f (Approach 3: %s):%n"
                + "  Approach 1 (IsoFLOP):    V_opt = %,.0f%n  Approach 2 (derivative): V_opt = %,.0f%n"
                + "  Approach 3 (parametric): V_opt = %,.0f", o.flops(), o.nonVocabParams(), o.embedDim(),
                fitName == null ? "released constants" : "fit " + fitName, o.isoFlop(), o.derivative(), o.parametric()));
    }

    /** Also serves {@code %scaling plot vocab}. */
    static Object plot(MagicContext context, String fitName, double from, double to, Double dim) throws Exception {
        if (!(from > 0) || !(to > from) || Double.isInfinite(to)) {
            throw new MagicUsageException("need 0 < --from < --to, got " + from + " and " + to, USAGE);
        }
        checkPositive("--dim", dim);
        OptimalVocab.Approaches approaches = approaches(context, fitName);
        List<OptimalVocab> rows = OptimalVocab.sweep(from, to, 40, approaches);
        if (dim != null) {
            rows = rows.stream().map(o -> OptimalVocab.at(o.flops(), Double.NaN, dim, approaches)).toList();
        }
        return VocabPlots.optimalVocab(rows);
    }

    private static OptimalVocab.Approaches approaches(MagicContext context, String fitName) throws Exception {
        OptimalVocab.Approaches published = OptimalVocab.Approaches.published();
        if (fitName == null) {
            return published;
        }
        Object value = ScalingMagic.variable(context, fitName, "%scaling vocab fit --table NAME --as " + fitName);
        if (!(value instanceof VocabFit fit)) {
            throw new MagicUsageException("'" + fitName + "' is not a vocabulary fit", "%scaling vocab fit --as NAME");
        }
        return new OptimalVocab.Approaches(published.isoFlop(), published.derivative(), fit.params());
    }

    private static void checkPositive(String option, Double value) throws MagicUsageException {
        if (value != null && (!(value > 0) || Double.isInfinite(value))) {
            throw new MagicUsageException(option + " must be a positive number, not " + value, USAGE);
        }
    }

    private static Displayable text(String text) {
        MimeBundle bundle = MimeBundle.text(text);
        return () -> bundle;
    }
}
