package org.lmlab.scaling.vocab;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * The optimal vocabulary size by the three approaches at one compute budget.
 *
 * @param flops          compute budget C
 * @param nonVocabParams N_nv (from Approach 1's N_nv,opt(C), or as given)
 * @param embedDim       d (from {@link EmbeddingWidth}, or as given)
 * @param isoFlop        Approach 1: N_v,opt(C)/d
 * @param derivative     Approach 2: N_v0 (N_nv/N_nv0)^γ / d
 * @param parametric     Approach 3: the V with ∂L_u/∂V = 0 at (N_nv, d, C); NaN when no law is given
 */
public record OptimalVocab(double flops, double nonVocabParams, double embedDim, double isoFlop, double derivative,
                           double parametric) {

    /** The three approaches' models; {@code law} may be null (Approach 3 skipped). */
    public record Approaches(VocabIsoFlop isoFlop, VocabDerivative derivative, VocabParams law) {

        /** The constants released with the paper. */
        public static Approaches published() {
            return new Approaches(VocabIsoFlop.published(), VocabDerivative.published(), VocabParams.published());
        }
    }

    /**
     * At budget {@code flops}: N_nv from Approach 1's N_nv,opt(C) unless {@code nonVocabParams} is
     * given (not NaN), d from {@link EmbeddingWidth} unless {@code embedDim} is given.
     */
    public static OptimalVocab at(double flops, double nonVocabParams, double embedDim, Approaches approaches) {
        VocabRun.positive("compute budget", flops);
        double nnv = Double.isNaN(nonVocabParams) ? approaches.isoFlop().nonVocab().at(flops) : nonVocabParams;
        double d = Double.isNaN(embedDim) ? EmbeddingWidth.of(nnv) : embedDim;
        VocabRun.positive("non-vocabulary parameters", nnv);
        VocabRun.positive("embedding width", d);
        double p = approaches.law() == null ? Double.NaN : parametric(approaches.law(), nnv, d, flops);
        return new OptimalVocab(flops, nnv, d, approaches.isoFlop().vocabSize(flops, d),
                approaches.derivative().vocabParams(nnv) / d, p);
    }

    /**
     * For a model of {@code nonVocabParams}, at the compute Approach 1 deems optimal for it (the
     * authors' table of predictions: C = N_nv,opt⁻¹(N_nv)).
     */
    public static OptimalVocab forModel(double nonVocabParams, Approaches approaches) {
        VocabRun.positive("non-vocabulary parameters", nonVocabParams);
        return at(approaches.isoFlop().nonVocab().inverse(nonVocabParams), nonVocabParams, Double.NaN, approaches);
    }

    /**
     * Approach 3: the V minimising L_u at fixed N_nv, d and C, where D = C / (6 (N_nv + V d)).
     * V·∂L_u/∂V = β B D'^−β V d/(N_nv + V d) − α2 A2 N_v'^−α2 (primes: the law's units) rises through
     * zero once, so it is bisected in ln V.
     */
    public static double parametric(VocabParams p, double nonVocabParams, double embedDim, double flops) {
        return Roots.increasing(v -> {
            double total = nonVocabParams + v * embedDim;
            double tokens = flops / (6 * total) / VocabParams.TOKEN_UNIT;
            return p.beta() * p.b() * Math.pow(tokens, -p.beta()) * v * embedDim / total
                    - p.alpha2() * p.a2() * Math.pow(v * embedDim / VocabParams.PARAM_UNIT, -p.alpha2());
        }, 1, 1e10);
    }

    /** Optima at {@code count} budgets spaced evenly in log between {@code from} and {@code to}. */
    public static List<OptimalVocab> sweep(double from, double to, int count, Approaches approaches) {
        if (!(from > 0 && to > from && count >= 2)) {
            throw new IllegalArgumentException("need 0 < from < to and at least 2 budgets, got " + from + ", " + to
                    + ", " + count);
        }
        List<OptimalVocab> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double c = Math.exp(Math.log(from) + i * (Math.log(to) - Math.log(from)) / (count - 1));
            out.add(at(c, Double.NaN, Double.NaN, approaches));
        }
        return out;
    }

    /** One row per optimum: flops, non_vocab_params, embed_dim, v_isoflop, v_derivative, v_parametric. */
    public static Table toTable(List<OptimalVocab> rows, BufferAllocator allocator) {
        return Table.builder(allocator, "optimal vocabulary")
                .column(ColumnSchema.of("flops", ColumnType.FLOAT64), rows.stream().map(OptimalVocab::flops).toList())
                .column(ColumnSchema.of("non_vocab_params", ColumnType.FLOAT64),
                        rows.stream().map(OptimalVocab::nonVocabParams).toList())
                .column(ColumnSchema.of("embed_dim", ColumnType.FLOAT64), rows.stream().map(OptimalVocab::embedDim).toList())
                .column(ColumnSchema.of("v_isoflop", ColumnType.FLOAT64), rows.stream().map(OptimalVocab::isoFlop).toList())
                .column(ColumnSchema.of("v_derivative", ColumnType.FLOAT64),
                        rows.stream().map(OptimalVocab::derivative).toList())
                .column(ColumnSchema.of("v_parametric", ColumnType.FLOAT64),
                        rows.stream().map(OptimalVocab::parametric).toList())
                .build();
    }
}
