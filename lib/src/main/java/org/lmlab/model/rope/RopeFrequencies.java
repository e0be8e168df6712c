package org.lmlab.model.rope;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.Table;

/**
 * What a RoPE variant produces: {@code inv_freq[d/2]} and the attention factor that multiplies
 * both cos and sin (so query·key logits scale by its square), as transformers'
 * {@code attention_scaling}.
 */
public record RopeFrequencies(double[] invFreq, double attentionFactor) {

    /** One rotary pair: the frequency table's row. */
    public record Row(int index, double invFreq, double wavelength, double attentionFactor) {
    }

    public RopeFrequencies {
        invFreq = invFreq.clone();
    }

    @Override
    public double[] invFreq() {
        return invFreq.clone();
    }

    public int pairs() {
        return invFreq.length;
    }

    public double invFreq(int i) {
        return invFreq[i];
    }

    /** 2π / inv_freq: positions per full turn of pair i. */
    public double wavelength(int i) {
        return 2 * Math.PI / invFreq[i];
    }

    /**
     * attention_factor · cos(position · inv_freq[i]) for every pair, angles in double; StrictMath, so
     * the value does not depend on whether the JIT has compiled the caller (training repeats exactly).
     */
    public double[] cos(long position) {
        double[] out = new double[invFreq.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = attentionFactor * StrictMath.cos(position * invFreq[i]);
        }
        return out;
    }

    /** attention_factor · sin(position · inv_freq[i]) for every pair, angles in double. */
    public double[] sin(long position) {
        double[] out = new double[invFreq.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = attentionFactor * StrictMath.sin(position * invFreq[i]);
        }
        return out;
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>(invFreq.length);
        for (int i = 0; i < invFreq.length; i++) {
            rows.add(new Row(i, invFreq[i], wavelength(i), attentionFactor));
        }
        return rows;
    }

    /** The frequency table: columns index, inv_freq, wavelength, attention_factor; one row per pair. */
    public Table toTable(BufferAllocator allocator, String source) {
        int n = invFreq.length;
        Integer[] index = new Integer[n];
        Double[] inv = new Double[n];
        Double[] wave = new Double[n];
        Double[] factor = new Double[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
            inv[i] = invFreq[i];
            wave[i] = wavelength(i);
            factor[i] = attentionFactor;
        }
        return Table.builder(allocator, source)
                .int32("index", index)
                .float64("inv_freq", inv)
                .float64("wavelength", wave)
                .float64("attention_factor", factor)
                .build();
    }
}
