package org.lmlab.lengths.castillo;

import java.util.Arrays;
import java.util.Objects;

/**
 * One CASTILLO row: one (model, dataset, prompt) with its sampled response lengths and the
 * statistics the dataset stores for them.
 *
 * @param model HF model id with {@code /} replaced by {@code --}
 * @param dataset instruction dataset (Alpaca, Apps, BigCodeBench, DS1000, DollyDataset, Mbpp, ShareGPT)
 * @param promptId 16 hex digits, equal across models for the same prompt
 * @param sampleId 16 hex digits, unique per row
 * @param inputSize prompt length in tokens
 * @param outputSizes response lengths in the model's own tokens (10 per row in the test split)
 * @param storedMean {@code output_mean}: upstream {@code round(np.mean(x), 2)}
 * @param storedStd {@code output_std}: upstream {@code round(np.std(x), 2)}
 * @param storedPercentiles {@code output_percentiles}
 * @param topK sampling top-k
 * @param topP sampling top-p
 * @param temperature sampling temperature
 * @param category Dolly category, {@code undefined} elsewhere
 * @param genTime seconds to generate the batch
 * @param degenerate the stored degeneracy flag (see {@link Degeneracy})
 * @param source {@code file:line} the row was read from
 */
public record CastilloRow(
        String model,
        String dataset,
        String promptId,
        String sampleId,
        int inputSize,
        int[] outputSizes,
        double storedMean,
        double storedStd,
        StoredPercentiles storedPercentiles,
        int topK,
        double topP,
        double temperature,
        String category,
        double genTime,
        boolean degenerate,
        String source) {

    /** The stored percentiles: upstream {@code round(np.percentile(x, q), 3)}. */
    public record StoredPercentiles(double p25, double p50, double p75, double p99) {

        /** The stored value for percentile {@code q} (25, 50, 75 or 99). */
        public double get(int q) {
            switch (q) {
                case 25: return p25;
                case 50: return p50;
                case 75: return p75;
                case 99: return p99;
                default: throw new IllegalArgumentException("CASTILLO stores p25, p50, p75 and p99, not p" + q);
            }
        }

        /** The percentile levels CASTILLO stores. */
        public static int[] levels() {
            return new int[] {25, 50, 75, 99};
        }
    }

    public CastilloRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        outputSizes = outputSizes.clone();
    }

    /** A copy of the response lengths. */
    @Override
    public int[] outputSizes() {
        return outputSizes.clone();
    }

    /** The response lengths as doubles, for {@link org.lmlab.lengths.LengthStats}. */
    public double[] lengths() {
        return Arrays.stream(outputSizes).asDoubleStream().toArray();
    }

    /** The (model, dataset) pair, a convenient grouping key. */
    public ModelDataset modelDataset() {
        return new ModelDataset(model, dataset);
    }

    /** A (model, dataset) grouping key. */
    public record ModelDataset(String model, String dataset) {
        @Override
        public String toString() {
            return model + "/" + dataset;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CastilloRow r && r.sampleId.equals(sampleId) && r.source.equals(source)
                && Arrays.equals(r.outputSizes, outputSizes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sampleId, source, Arrays.hashCode(outputSizes));
    }

    @Override
    public String toString() {
        return "CastilloRow[" + model + ", " + dataset + ", " + promptId + ", " + Arrays.toString(outputSizes)
                + " @ " + source + "]";
    }
}
