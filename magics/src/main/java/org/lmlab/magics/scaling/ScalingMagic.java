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
import org.lmlab.magics.spark.OnSpark;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.NamedLaw;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.ComputeOptimal;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.formula.FormulaException;
import org.lmlab.scaling.formula.FormulaLaw;
import org.lmlab.scaling.formula.FormulaSpec;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.law.DataConstrainedLaw;
import org.lmlab.scaling.law.Laws;
import org.lmlab.scaling.densing.DensityAnalysis;
import org.lmlab.scaling.plot.DynamicsPlots;
import org.lmlab.scaling.plot.ScalingPlots;
import org.lmlab.scaling.steps.StepsAnalysis;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %scaling fit|optimal|plot}: scaling-law fits of a table of training runs (logic in org.lmlab.scaling). */
@Command(name = "scaling", description = "Fit scaling laws to training runs and read off compute-optimal sizes.",
        subcommands = {ScalingMagic.Fit.class, ScalingMagic.Optimal.class, ScalingMagic.PlotCommand.class,
                HparamsCommand.class, CrossoverCommand.class, DensityCommand.class, StepsCommand.class,
                VocabCommand.class},
        footer = {"", "Examples:", "  %%table load datasets/chinchilla/chinchilla_runs.csv --as runs",
                "  %%scaling fit --table runs --drop-highest 5 --bootstrap 4000 --seed 42",
                "  %%scaling fit --table runs --law kaplan-c --as kaplan",
                "  %%scaling fit --table runs --formula \"E + (A/N^alpha + B/D^beta)^gamma\" --as gamma",
                "  %%scaling optimal --flops 5.76e23",
                "  %%scaling plot contours --table runs"})
public final class ScalingMagic {

    @Mixin
    HelpOption help;

    @Command(name = "fit", description = "Fit a law (default L(N, D) = E + A/N^alpha + B/D^beta) by Hoffmann et al. "
            + "Approach 3: summed Huber (delta 1e-3) of log residuals, L-BFGS from a grid of starts; optionally "
            + "bootstrap percentile intervals.",
            footer = {"", "Laws: chinchilla (4,500 starts), kaplan-n, kaplan-d, kaplan-c (E + A/X^alpha, X = N, D or C = 6ND),",
                    "kaplan-n-pure, kaplan-d-pure, kaplan-c-pure (A/X^alpha), data-constrained (Muennighoff et al. 2023;",
                    "needs --unique; U_N from a Chinchilla fit of the same runs), hestness (kaplan-d: error =",
                    "alpha m^beta_g + gamma against data size m; --tokens COL for m, --loss COL for the error).",
                    "Formulas: numbers, names, + - * / ^ (right-associative, above unary minus), parentheses,",
                    "exp log sqrt min max. Up to two names are variables (--var N=COL, a column's own name, or N and D",
                    "for the --params and --tokens columns); the others are parameters, fitted as written (write exp(a)",
                    "for a positive coefficient spanning decades). Errors name the column in the formula.",
                    "The fit is stored as NAME (--as), the bootstrap as NAME_bootstrap."})
    static final class Fit implements MagicCommand {
        /** More bootstrapped quantities than any law has (parameters and derived), for the check before the fit. */
        static final int MAX_QUANTITIES = 24;

        @Mixin
        HelpOption help;

        @Mixin
        RunsOptions runs;

        @Option(names = "--law", paramLabel = "LAW", description = "Law to fit (default: chinchilla); see below.")
        String law;

        @Mixin
        FormulaOptions custom;

        @Option(names = "--bootstrap", defaultValue = "0", paramLabel = "N", description = "Refit N resamples of the runs for 95%% percentile intervals (the replication uses 4000); "
                + "checked against the heap before the fit. NAME and NAME_bootstrap are set only when it completes.")
        int bootstrap;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Bootstrap seed (default: ${DEFAULT-VALUE}); same seed, same intervals on any machine.")
        long seed;

        @Option(names = "--on", defaultValue = "local", paramLabel = "WHERE", description = "Where the bootstrap runs: local (this kernel's threads) or spark (the session of %%spark connect, one task per chunk of resamples; the same result). Default: ${DEFAULT-VALUE}.")
        String on;

        @Option(names = "--flops", defaultValue = "5.76e23", paramLabel = "C", description = "Budget for the bootstrapped N_opt, D_opt, tokens per parameter (default: ${DEFAULT-VALUE}).")
        double flops;

        @Option(names = "--as", defaultValue = "fit", paramLabel = "NAME", description = "Variable for the result (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            checkFormulaOptions();
            String law = this.law == null ? Laws.DEFAULT : this.law;
            if (!Laws.NAMES.contains(law)) {
                throw new MagicUsageException("unknown law '" + law + "'; one of " + String.join(", ", Laws.NAMES),
                        "%scaling fit --law LAW");
            }
            if (bootstrap < 0) {
                throw new MagicUsageException("--bootstrap must be 0 or more, not " + bootstrap, "%scaling fit --help");
            }
            if (Laws.usesUniqueTokens(law) && runs.unique == null) {
                throw new MagicUsageException("the " + law + " law needs --unique COL (unique tokens per run)",
                        "%scaling fit --law " + law + " --unique COL");
            }
            ScaleOut.Session spark = bootstrapSession(context);
            FormulaSpec.Bound formula = custom.given() ? bindFormula(context) : null;
            ScalingData data = formula != null ? formula.data().dropHighestLoss(runs.dropHighest)
                    : runs.read(context, "%scaling fit");
            try {
                // before the fit: a bootstrap too large for the heap is refused without minutes of fitting first
                MemoryBudget.ofRuntime().require("--bootstrap", bootstrap,
                        Bootstrap.bytesPerReplicate(MAX_QUANTITIES), 0);
                LawFit fit = formula != null ? fitFormula(context, formula.law(), data)
                        : fitWithProgress(context, p -> new LawFitter(Laws.forData(law, data, p)).fit(data, p));
                if (bootstrap == 0) {
                    context.define(name, fit, LawFit.class);
                    return fit;
                }
                BootstrapOptions options = new BootstrapOptions(bootstrap, seed,
                        Runtime.getRuntime().availableProcessors(), 0.95, flops);
                BootstrapResult result = spark == null
                        ? fitWithProgress(context, p -> new Bootstrap(new LawFitter(fit.law())).run(data, fit, options, p))
                        : bootstrapOnSpark(context, spark, law, data, fit, options);
                // Both only now: a stopped or failed bootstrap leaves NAME and NAME_bootstrap as they were,
                // never a new fit beside the previous fit's bootstrap.
                context.define(name, fit, LawFit.class);
                context.define(name + "_bootstrap", result, BootstrapResult.class);
                return result;
            } catch (IllegalArgumentException e) {
                throw new MagicFailure("%scaling fit: " + e.getMessage(), e);
            }
        }

        /**
         * The Spark session a {@code --on spark} bootstrap runs on (checked before the fit, which may take minutes),
         * null for a local one.
         */
        private ScaleOut.Session bootstrapSession(MagicContext context) throws Exception {
            if (!OnSpark.chosen(on, "%scaling fit --bootstrap N --on spark")) {
                return null;
            }
            if (bootstrap == 0) {
                throw new MagicUsageException("--on spark runs the bootstrap; give --bootstrap N", "%scaling fit --bootstrap N --on spark");
            }
            if (custom.given()) {
                throw new MagicUsageException("--on spark bootstraps the named laws (--law); bootstrap a --formula fit with --on local",
                        "%scaling fit --law LAW --bootstrap N --on spark");
            }
            return OnSpark.require(context, "%scaling fit");
        }

        /** The bootstrap as Spark tasks: executors rebuild the law from its name (laws are not serializable). */
        private static BootstrapResult bootstrapOnSpark(MagicContext context, ScaleOut.Session spark, String law,
                                                        ScalingData data, LawFit fit, BootstrapOptions options)
                throws MagicFailure {
            NamedLaw fitter = NamedLaw.of(law, fit.law() instanceof DataConstrainedLaw constrained ? constrained.base() : null);
            try {
                return fitWithProgress(context, p -> spark.bootstrap(fitter, data, fit, options, p));
            } catch (IllegalStateException e) {
                throw new MagicFailure("%scaling fit --on spark: " + e.getMessage(), e);
            }
        }

        private void checkFormulaOptions() throws MagicUsageException {
            if (!custom.given()) {
                if (!custom.variables.isEmpty() || !custom.starts.isEmpty() || !custom.bounds.isEmpty()) {
                    throw new MagicUsageException("--var, --start and --bound belong to --formula", FormulaOptions.USAGE);
                }
                return;
            }
            if (law != null) {
                throw new MagicUsageException("--formula and --law are alternatives; give one", FormulaOptions.USAGE);
            }
            if (runs.unique != null) {
                throw new MagicUsageException("--unique is for the data-constrained law; map a formula's variables with "
                        + "--var NAME=COL", FormulaOptions.USAGE);
            }
        }

        /** The formula's law and runs; mapping problems are usage errors (with a caret under the column), bad values failures. */
        private FormulaSpec.Bound bindFormula(MagicContext context) throws Exception {
            FormulaSpec spec = custom.spec(runs);
            Table table = runs.lookup(context, "%scaling fit");
            runs.checkDrop("%scaling fit");
            try {
                return spec.bind(table, runs.table);
            } catch (FormulaException e) {
                throw new MagicUsageException(e.pointer(), FormulaOptions.USAGE);
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith("row ")) { // a bad value, not a bad argument
                    throw new MagicFailure("%scaling fit: table '" + runs.table + "', " + e.getMessage(), e);
                }
                throw new MagicUsageException(e.getMessage(), FormulaOptions.USAGE);
            }
        }

        private static LawFit fitFormula(MagicContext context, FormulaLaw law, ScalingData data) throws MagicFailure {
            try {
                return fitWithProgress(context, p -> new LawFitter(law).fit(data, p));
            } catch (IllegalStateException e) { // no start gave a finite objective
                throw new MagicFailure("%scaling fit: " + e.getMessage() + "; the formula must be positive on every run "
                        + "at a start: give start values with --start NAME=V1,V2", e);
            }
        }
    }

    /** Work that reports to a progress bar. */
    @FunctionalInterface
    interface WithProgress<T> {
        T run(Progress progress);
    }

    static <T> T fitWithProgress(MagicContext context, WithProgress<T> work) {
        try (Progress progress = context.progress()) {
            return work.run(progress);
        }
    }

    /** The fit in variable {@code name} when its law has a compute-optimal allocation; a usage error otherwise. */
    static LawFit computeOptimalFit(MagicContext context, String name, String command) throws Exception {
        LawFit fit = lawFit(context, name, command + " --fit NAME");
        if (!fit.hasComputeOptimal()) {
            throw new MagicUsageException("'" + name + "' is not a Chinchilla fit (" + command + " needs one)",
                    command + " --fit NAME");
        }
        return fit;
    }

    /** The scaling-law fit in variable {@code name}; a usage error pointing at {@code hint} otherwise. */
    static LawFit lawFit(MagicContext context, String name, String hint) throws Exception {
        if (variable(context, name, "%scaling fit --table T --as " + name) instanceof LawFit fit) {
            return fit;
        }
        throw new MagicUsageException("'" + name + "' is not a scaling-law fit", hint);
    }

    /** The session variable {@code name}; a usage error pointing at {@code hint} when there is none. */
    static Object variable(MagicContext context, String name, String hint) throws Exception {
        try {
            return context.variable(name);
        } catch (Exception e) {
            throw new MagicUsageException("no variable '" + name + "'; run " + hint + " first", hint);
        }
    }

    @Command(name = "optimal", description = "Compute-optimal model size and tokens for a FLOP budget (C = 6 N D).")
    static final class Optimal implements MagicCommand {
        @Mixin
        HelpOption help;

        @Option(names = "--flops", required = true, paramLabel = "C", description = "Training compute in FLOPs, e.g. 5.76e23.")
        double flops;

        @Option(names = "--fit", defaultValue = "fit", paramLabel = "NAME", description = "The fit to use (default: ${DEFAULT-VALUE}).")
        String fitName;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            if (!(flops > 0) || Double.isInfinite(flops)) {
                throw new MagicUsageException("--flops must be a positive number, not " + flops, "%scaling optimal --flops C");
            }
            ComputeOptimal.Allocation a = computeOptimalFit(context, fitName, "%scaling optimal").optimal(flops);
            String text = String.format(Locale.ROOT, "At C = %.3g FLOPs: N_opt = %.4g parameters, D_opt = %.4g tokens, "
                    + "%.2f tokens per parameter", flops, a.params(), a.tokens(), a.tokensPerParam());
            MimeBundle bundle = MimeBundle.text(text);
            return (Displayable) () -> bundle;
        }
    }

    /** What {@code %scaling plot} draws. */
    enum PlotKind {
        fitted, contours, bootstrap, hparams, density, steps, vocab
    }

    @Command(name = "plot", description = "Plot a fit: observed vs fitted loss (needs --table), iso-loss contours with the "
            + "efficient frontier (Chinchilla fits; --table sets the range), bootstrap histograms, one (N, D) "
            + "group's lr x batch landscape of a Step Law fit (hparams), density against release date (a %%scaling "
            + "density result), loss against steps per batch size (a %%scaling steps result) or the optimal vocabulary "
            + "against compute (vocab).")
    static final class PlotCommand implements MagicCommand {
        @Mixin
        HelpOption help;

        @Parameters(index = "0", paramLabel = "KIND", description = "fitted, contours, bootstrap or hparams; density or steps (densing law, Kaplan steps); "
                + "vocab: optimal vocabulary size vs compute by the three approaches of the vocab subcommand (--fit may name a vocab fit for Approach 3).")
        PlotKind kind;

        @Mixin
        RunsOptions runs;

        @Option(names = "--fit", defaultValue = "fit", paramLabel = "NAME", description = "The fit (default: ${DEFAULT-VALUE}); "
                + "for bootstrap, NAME_bootstrap is used.")
        String fitName;

        @Option(names = "--param", defaultValue = "alpha", paramLabel = "Q", description = "Bootstrapped quantity to histogram (default: ${DEFAULT-VALUE}).")
        String param;

        @Option(names = "--group", paramLabel = "N,D", description = "hparams: the (N, D) group to draw, within 1%% "
                + "(default: the first).")
        String group;

        @Option(names = "--levels", defaultValue = "8", paramLabel = "K", description = "Number of iso-loss contours (default: ${DEFAULT-VALUE}).")
        int levels;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            try {
                return switch (kind) {
                    case fitted -> {
                        LawFit fit = lawFit(context);
                        // a formula's variables may be any columns: read the ones it was fitted to
                        List<String> columns = fit.law().columns();
                        ScalingData data = columns.isEmpty() ? runs.read(context, "%scaling plot fitted")
                                : runs.read(context, "%scaling plot fitted", columns.get(0), columns.get(columns.size() - 1));
                        yield ScalingPlots.fitted(fit, data);
                    }
                    case contours -> {
                        ChinchillaParams p = computeOptimalFit(context, fitName, "%scaling plot contours").chinchillaParams();
                        yield runs.given() ? ScalingPlots.contours(p, runs.read(context, "%scaling plot contours"), levels)
                                : ScalingPlots.contours(p, 1e7, 1e12, 1e9, 1e14, levels);
                    }
                    case bootstrap -> ScalingPlots.bootstrapHistogram(bootstrapResult(context), param);
                    case hparams -> HparamsCommand.landscape(context, fitName, group, levels);
                    case density -> {
                        DensityAnalysis d = result(context, DensityAnalysis.class, "%scaling density --as NAME");
                        yield DynamicsPlots.density(d.models(), d.trend());
                    }
                    case steps -> DynamicsPlots.steps(result(context, StepsAnalysis.class, "%scaling steps --as NAME"));
                    case vocab -> VocabCommand.plot(context, fitName.equals("fit") ? null : fitName, 1e18, 1e25, null);
                };
            } catch (IllegalArgumentException e) {
                throw new MagicFailure("%scaling plot " + kind + ": " + e.getMessage(), e);
            }
        }

        private LawFit lawFit(MagicContext context) throws Exception {
            return ScalingMagic.lawFit(context, fitName, "%scaling plot fitted --fit NAME");
        }

        private <T> T result(MagicContext context, Class<T> type, String hint) throws Exception {
            Object value = variable(context, fitName, hint);
            if (!type.isInstance(value)) {
                throw new MagicUsageException("'" + fitName + "' is not a " + hint.substring(0, hint.indexOf(" --"))
                        + " result", "%scaling plot " + kind + " --fit NAME");
            }
            return type.cast(value);
        }

        private BootstrapResult bootstrapResult(MagicContext context) throws Exception {
            String name = fitName + "_bootstrap";
            Object value = variable(context, name, "%scaling fit --table NAME --bootstrap 4000");
            if (!(value instanceof BootstrapResult result)) {
                throw new MagicUsageException("'" + name + "' is not a bootstrap result", "%scaling plot bootstrap --fit NAME");
            }
            return result;
        }
    }
}
