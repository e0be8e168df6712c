package org.lmlab.magics.lengths;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.lengths.QuantileMethod;
import org.lmlab.lengths.alpacaeval.Annotation;
import org.lmlab.lengths.bootstrap.Bootstrap;
import org.lmlab.lengths.bootstrap.ModelComparison;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.fit.LengthFits;
import org.lmlab.lengths.follow.LongWriterScore;
import org.lmlab.lengths.follow.PredictionErrors;
import org.lmlab.lengths.follow.RulerMatch;
import org.lmlab.lengths.plot.LengthPlots;
import org.lmlab.lengths.winrate.ModelWinRates;
import org.lmlab.lengths.winrate.WinRate;
import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.model.ModelSlot;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.model.LanguageModel;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code %lengths stats|fit|compare|winrate|follow|plot|sample}: response-length analysis of a named table, and
 * length tables sampled from the loaded model.
 */
@Command(name = "lengths", description = "Response-length statistics, distribution fits, bootstrap comparisons, "
        + "AlpacaEval win rates, length following and plots over a named table; length tables sampled from the "
        + "loaded model.",
        subcommands = {LengthsMagic.Stats.class, LengthsMagic.Fit.class, LengthsMagic.Compare.class,
                LengthsMagic.WinRates.class, LengthsMagic.Follow.class, LengthsMagic.Plots.class, SampleCommand.class},
        footer = {"", "Examples:", "  %%lengths stats --table castillo --value length --by model dataset",
                "  %%lengths fit --table castillo --value length --by model", 
                "  %%lengths compare --table castillo --value length --model model --a m1 --b m2 --pair-by prompt_id",
                "  %%lengths winrate --table annotations", "  %%lengths follow --table runs --target target --length words",
                "  %%lengths plot ecdf --table castillo --value length --by model --fit lognormal",
                "  %%lengths sample --prompts alpaca --prompt-col instruction --k 10 --max-tokens 512 --chat"})
public final class LengthsMagic {

    @Mixin
    HelpOption help;

    private final Supplier<Optional<LanguageModel>> loaded;

    /** Without a model: every subcommand but sample. */
    public LengthsMagic() {
        this(Optional::empty);
    }

    /** {@code sample} draws from the model in {@code slot}. */
    public LengthsMagic(ModelSlot slot) {
        this(slot::loaded);
    }

    LengthsMagic(Supplier<Optional<LanguageModel>> loaded) {
        this.loaded = loaded;
    }

    /** The loaded model, for {@code sample}. */
    Optional<LanguageModel> loadedModel() {
        return loaded.get();
    }

    /** Options every subcommand shares. */
    static final class Input {
        @Option(names = "--table", required = true, paramLabel = "NAME", description = "The table to analyse.")
        String table;

        @Option(names = "--by", arity = "1..*", paramLabel = "COL", description = "Group by these columns.")
        List<String> by = new ArrayList<>();

        /** The table, checked for the --by columns and {@code columns}. */
        Table open(MagicContext context, String usage, String... columns) throws Exception {
            List<String> all = new ArrayList<>(by);
            all.addAll(Arrays.asList(columns));
            return LengthsTables.open(context, table, usage, all);
        }
    }

    /** Runs the body, turning bad data into a failure that names the subcommand. */
    private interface Body {
        Object run() throws Exception;
    }

    private static Object guarded(String what, Body body) throws Exception {
        try {
            return body.run();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MagicFailure("%lengths " + what + ": " + e.getMessage(), e);
        }
    }

    private static String label(List<String> key) {
        return key.isEmpty() ? "all" : String.join(" / ", key);
    }

    @Command(name = "stats", description = "Count, mean, SD, CV, min, quantiles and max per group.")
    static final class Stats implements MagicCommand {
        @Mixin
        HelpOption help;
        @Mixin
        Input in;

        @Option(names = "--value", required = true, paramLabel = "COL", description = "The length column.")
        String value;

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
            Table t = in.open(context, "%lengths stats --table NAME --value COL [--by COL...]", value);
            Dispersion d = switch (sd.toLowerCase(Locale.ROOT)) {
                case "population" -> Dispersion.POPULATION;
                case "sample" -> Dispersion.SAMPLE;
                default -> throw new MagicUsageException("--sd must be population or sample, not '" + sd + "'", "%lengths stats --help");
            };
            return guarded("stats", () -> {
                LengthsTables.Result result = new LengthsTables.Result(in.by);
                for (Map.Entry<List<String>, List<Integer>> g : LengthsTables.groups(t, in.by).entrySet()) {
                    LengthStats s = LengthStats.of(LengthsTables.numbers(t, value, g.getValue()));
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("count", s.count());
                    row.put("mean", s.mean());
                    row.put("sd", s.count() > 1 || d == Dispersion.POPULATION ? s.sd(d) : Double.NaN);
                    row.put("cv", s.count() > 1 || d == Dispersion.POPULATION ? s.cv(d) : Double.NaN);
                    row.put("min", s.min());
                    for (double q : quantiles) {
                        row.put("q" + q, s.quantile(q, method));
                    }
                    row.put("max", s.max());
                    result.add(g.getKey(), row);
                }
                return result.store(context, as, "%lengths stats " + in.table);
            });
        }
    }

    @Command(name = "fit", description = "Maximum-likelihood fits per group (exponential, lognormal, gamma, Weibull, "
            + "negative binomial for whole-number lengths, two-component lognormal mixture): parameters, logL, AIC, "
            + "BIC, KS statistic and asymptotic p-value; rank 1 is the best family of the group. A family that does "
            + "not apply to a group (zeros for the positive families, fractions for the negative binomial, equal "
            + "lengths) is listed with status 'skipped' and the reason in 'note'; a failed fit (a negative or missing "
            + "length, no convergence) with status 'failed'. Other groups are fitted either way.")
    static final class Fit implements MagicCommand {
        @Mixin
        HelpOption help;
        @Mixin
        Input in;

        @Option(names = "--value", required = true, paramLabel = "COL", description = "The length column.")
        String value;

        @Option(names = "--families", split = ",", paramLabel = "F",
                description = "Families to fit (default: all that apply): ${COMPLETION-CANDIDATES}.")
        List<Family> families;

        @Option(names = "--criterion", defaultValue = "AIC", paramLabel = "C", description = "AIC or BIC (default: ${DEFAULT-VALUE}).")
        LengthFits.Criterion criterion;

        @Option(names = "--as", defaultValue = "lengths_fit", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
        String as;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            Table t = in.open(context, "%lengths fit --table NAME --value COL [--by COL...]", value);
            return guarded("fit", () -> {
                LengthsTables.Result result = FitRows.declare(new LengthsTables.Result(in.by));
                for (Map.Entry<List<String>, List<Integer>> g : LengthsTables.groups(t, in.by).entrySet()) {
                    double[] x;
                    try {
                        x = LengthsTables.numbers(t, value, g.getValue());
                    } catch (IllegalArgumentException e) {
                        // a null or text cell spoils this group only; the others are still fitted
                        result.add(g.getKey(), FitRows.groupFailed(g.getValue().size(), e.getMessage()));
                        continue;
                    }
                    FitRows.add(result, g.getKey(), x.length, LengthFits.fitGroup(criterion, families, x));
                }
                return result.store(context, as, "%lengths fit " + in.table);
            });
        }
    }

    @Command(name = "compare", description = "Bootstrap percentile interval for statistic(A) - statistic(B) between "
            + "two models; with --pair-by, lengths are averaged per pair key and prompts resampled jointly.")
    static final class Compare implements MagicCommand {
        @Mixin
        HelpOption help;
        @Mixin
        Input in;

        @Option(names = "--value", required = true, paramLabel = "COL", description = "The length column.")
        String value;

        @Option(names = "--model", defaultValue = "model", paramLabel = "COL", description = "Model column (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--a", required = true, paramLabel = "MODEL", description = "First model.")
        String a;

        @Option(names = "--b", required = true, paramLabel = "MODEL", description = "Second model.")
        String b;

        @Option(names = "--pair-by", arity = "1..*", paramLabel = "COL", description = "Columns that identify a prompt.")
        List<String> pairBy = new ArrayList<>();

        @Option(names = "--stat", defaultValue = "mean", paramLabel = "S", description = "mean, median, sd or pNN (default: ${DEFAULT-VALUE}).")
        String stat;

        @Option(names = "--replicates", defaultValue = "2000", paramLabel = "B", description = "Resamples (default: "
                + "${DEFAULT-VALUE}); 24 bytes of heap each, checked before the first.")
        int replicates;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--level", defaultValue = "0.95", paramLabel = "L", description = "Confidence level (default: ${DEFAULT-VALUE}).")
        double level;

        @Option(names = "--as", defaultValue = "lengths_compare", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
        String as;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            List<String> cols = new ArrayList<>(List.of(value, model));
            cols.addAll(pairBy);
            String usage = "%lengths compare --table NAME --value COL --a M --b M";
            if (a.equals(b)) {
                throw new MagicUsageException("--a and --b both name model '" + a + "'; give two different models of "
                        + "column '" + model + "'", usage);
            }
            Table t = in.open(context, usage, cols.toArray(String[]::new));
            return guarded("compare", () -> {
                // before any resample: a count too large for the heap is refused with the largest that fits
                MemoryBudget.ofRuntime().require("--replicates", replicates, Bootstrap.BYTES_PER_REPLICATE,
                        4L * Double.BYTES * t.rowCount());
                Bootstrap boot = new Bootstrap(replicates, seed);
                var statistic = Bootstrap.statistic(stat);
                LengthsTables.Result result = new LengthsTables.Result(in.by);
                for (Map.Entry<List<String>, List<Integer>> g : LengthsTables.groups(t, in.by).entrySet()) {
                    double[] lengths = LengthsTables.numbers(t, value, g.getValue());
                    List<ModelComparison.Response> responses = new ArrayList<>();
                    for (int i = 0; i < lengths.length; i++) {
                        int row = g.getValue().get(i);
                        responses.add(new ModelComparison.Response(LengthsTables.text(t, model, row), lengths[i],
                                pairBy.stream().map(c -> LengthsTables.text(t, c, row)).toList()));
                    }
                    ModelComparison comparison;
                    try {
                        comparison = ModelComparison.of(responses, a, b, boot, statistic, level);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("group " + label(g.getKey()) + " (model column '" + model
                                + "'): " + e.getMessage(), e);
                    }
                    Bootstrap.Interval ci = comparison.interval();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("a", a);
                    row.put("b", b);
                    row.put("statistic", stat);
                    row.put("paired", comparison.paired());
                    row.put("n", comparison.n());
                    row.put("difference", ci.estimate());
                    row.put("low", ci.low());
                    row.put("high", ci.high());
                    row.put("standard_error", ci.standardError());
                    result.add(g.getKey(), row);
                }
                return result.store(context, as, "%lengths compare " + in.table);
            });
        }
    }

    @Command(name = "winrate", description = "AlpacaEval raw win rate and standard error per model, and the "
            + "length-controlled win rate (GLM; instruction difficulty estimated from the other models' annotations).")
    static final class WinRates implements MagicCommand {
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
            Table t = LengthsTables.open(context, table, "%lengths winrate --table NAME", List.of(model, preference,
                    length, baselineLength, instruction));
            return guarded("winrate", () -> {
                List<Annotation> all = new ArrayList<>();
                for (int row = 0; row < t.rowCount(); row++) {
                    List<Integer> r = List.of(row);
                    all.add(new Annotation(LengthsTables.text(t, model, row),
                            (int) LengthsTables.numbers(t, instruction, r)[0], "", LengthsTables.numbers(t, preference, r)[0],
                            (int) LengthsTables.numbers(t, length, r)[0], (int) LengthsTables.numbers(t, baselineLength, r)[0],
                            table + ": row " + row));
                }
                LengthsTables.Result result = new LengthsTables.Result(List.of("model"));
                for (ModelWinRates.Row m : ModelWinRates.of(all, !noLc)) {
                    WinRate w = m.winRate();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("n_total", w.nTotal());
                    row.put("win_rate", w.winRate());
                    row.put("standard_error", w.standardError());
                    row.put("n_wins", w.nWins());
                    row.put("n_wins_base", w.nWinsBase());
                    row.put("n_draws", w.nDraws());
                    row.put("discrete_win_rate", w.discreteWinRate());
                    row.put("avg_length", m.averageLength());
                    if (m.lengthControlled() != null) {
                        row.put("lc_win_rate", m.lengthControlled());
                        row.put("lc_C", m.regularisation());
                    }
                    result.add(List.of(m.model()), row);
                }
                return result.store(context, as, "%lengths winrate " + table);
            });
        }
    }

    @Command(name = "follow", description = "Length following per group: Ruler's Precise/Flexible Match rates "
            + "(--mode ruler, targets 10..>800 words), LongWriter's S_l (--mode longwriter), or prediction errors "
            + "MAE, within-k, bucket accuracy and Kendall tau-b (--mode predict).")
    static final class Follow implements MagicCommand {
        enum Mode { RULER, LONGWRITER, PREDICT }

        @Mixin
        HelpOption help;
        @Mixin
        Input in;

        @Option(names = "--target", required = true, paramLabel = "COL", description = "Target (ruler: label), required or predicted length.")
        String target;

        @Option(names = "--length", required = true, paramLabel = "COL", description = "Produced (actual) length.")
        String length;

        @Option(names = "--mode", defaultValue = "RULER", paramLabel = "M", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Mode mode;

        @Option(names = "--k", defaultValue = "50", paramLabel = "K", description = "predict: tolerance in tokens (default: ${DEFAULT-VALUE}).")
        double k;

        @Option(names = "--bucket-width", defaultValue = "100", paramLabel = "W", description = "predict: bucket width (default: ${DEFAULT-VALUE}).")
        double bucketWidth;

        @Option(names = "--as", defaultValue = "lengths_follow", paramLabel = "NAME", description = "Result table (default: ${DEFAULT-VALUE}).")
        String as;

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            Table t = in.open(context, "%lengths follow --table NAME --target COL --length COL", target, length);
            return guarded("follow", () -> {
                LengthsTables.Result result = new LengthsTables.Result(in.by);
                for (Map.Entry<List<String>, List<Integer>> g : LengthsTables.groups(t, in.by).entrySet()) {
                    double[] produced = LengthsTables.numbers(t, length, g.getValue());
                    if (mode == Mode.RULER) {
                        List<String> labels = g.getValue().stream().map(r -> LengthsTables.text(t, target, r)).toList();
                        for (RulerMatch.LevelRate rate : RulerMatch.rates(labels, produced)) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("level", rate.level());
                            row.put("n", rate.n());
                            row.put("precise_match", rate.preciseMatch());
                            row.put("flexible_match", rate.flexibleMatch());
                            result.add(g.getKey(), row);
                        }
                        continue;
                    }
                    double[] wanted = LengthsTables.numbers(t, target, g.getValue());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("n", produced.length);
                    if (mode == Mode.LONGWRITER) {
                        row.put("length_score", LongWriterScore.mean(wanted, produced));
                    } else {
                        PredictionErrors errors = PredictionErrors.of(wanted, produced);
                        row.put("mae", errors.mae());
                        row.put("within_k", errors.withinTokens(k));
                        row.put("bucket_accuracy", errors.bucketAccuracy(bucketWidth, 0));
                        row.put("bucket_accuracy_pm1", errors.bucketAccuracy(bucketWidth, 1));
                        row.put("kendall_tau_b", errors.kendallTauB());
                    }
                    result.add(g.getKey(), row);
                }
                return result.store(context, as, "%lengths follow " + in.table);
            });
        }
    }

    @Command(name = "plot", description = "Charts: hist / ecdf per group with fitted families overlaid (--fit), "
            + "box, violin, meansd (per-prompt mean vs SD; --prompt COL), winrate (win rate vs average length of "
            + "a %%lengths winrate result).")
    static final class Plots implements MagicCommand {
        enum Kind { HIST, ECDF, BOX, VIOLIN, MEANSD, WINRATE }

        @Mixin
        HelpOption help;
        @Mixin
        Input in;

        @Parameters(paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}")
        Kind kind;

        @Option(names = "--value", paramLabel = "COL", description = "The length column (all kinds but winrate).")
        String value;

        @Option(names = "--fit", split = ",", paramLabel = "F", description = "hist/ecdf: families to overlay.")
        List<Family> fit = new ArrayList<>();

        @Option(names = "--bins", defaultValue = "40", paramLabel = "N", description = "hist: bins (default: ${DEFAULT-VALUE}).")
        int bins;

        @Option(names = "--prompt", arity = "1..*", paramLabel = "COL", description = "meansd: columns identifying a prompt.")
        List<String> prompt = new ArrayList<>();

        @Override
        public Object run(MagicCall call, MagicContext context) throws Exception {
            String usage = "%lengths plot KIND --table NAME --value COL [--by COL...]";
            if (kind == Kind.WINRATE) {
                Table t = in.open(context, usage, "avg_length", "win_rate");
                return guarded("plot", () -> {
                    List<Integer> rows = new ArrayList<>();
                    for (int r = 0; r < t.rowCount(); r++) {
                        rows.add(r);
                    }
                    double[] lc = t.columnNames().contains("lc_win_rate") ? LengthsTables.numbers(t, "lc_win_rate", rows) : null;
                    return LengthPlots.winRateVsLength(LengthsTables.numbers(t, "avg_length", rows),
                            LengthsTables.numbers(t, "win_rate", rows), lc);
                });
            }
            if (value == null) {
                throw new MagicUsageException("%lengths plot " + kind.name().toLowerCase(Locale.ROOT) + " needs --value", usage);
            }
            List<String> cols = new ArrayList<>(List.of(value));
            cols.addAll(prompt);
            Table t = in.open(context, usage, cols.toArray(String[]::new));
            if (kind == Kind.MEANSD && prompt.isEmpty()) {
                throw new MagicUsageException("%lengths plot meansd needs --prompt COL...", usage);
            }
            return guarded("plot", () -> {
                Map<String, double[]> groups = new LinkedHashMap<>();
                Map<String, List<double[]>> prompts = new LinkedHashMap<>();
                for (Map.Entry<List<String>, List<Integer>> g : LengthsTables.groups(t, in.by).entrySet()) {
                    groups.put(label(g.getKey()), LengthsTables.numbers(t, value, g.getValue()));
                    if (kind == Kind.MEANSD) {
                        List<double[]> samples = new ArrayList<>();
                        for (List<Integer> p : LengthsTables.groups(t, prompt).values()) {
                            List<Integer> inGroup = new ArrayList<>(p);
                            inGroup.retainAll(g.getValue());
                            if (!inGroup.isEmpty()) {
                                samples.add(LengthsTables.numbers(t, value, inGroup));
                            }
                        }
                        prompts.put(label(g.getKey()), samples);
                    }
                }
                if (kind == Kind.HIST) {
                    // counts, edges and drawn bars per bin and group
                    MemoryBudget.ofRuntime().require("--bins", bins, 256L * groups.size(), 0);
                }
                return switch (kind) {
                    case HIST -> LengthPlots.histogramWithFits(groups, fit, bins);
                    case ECDF -> LengthPlots.ecdfWithFits(groups, fit);
                    case BOX -> LengthPlots.box(groups);
                    case VIOLIN -> LengthPlots.violin(groups);
                    default -> LengthPlots.meanVsSd(prompts);
                };
            });
        }
    }
}
