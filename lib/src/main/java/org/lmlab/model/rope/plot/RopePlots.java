package org.lmlab.model.rope.plot;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.plot.Chart;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;

/** Charts of RoPE scaling variants, built with {@link Plot}. */
public final class RopePlots {

    private RopePlots() {
    }

    /** One curve of {@link #wavelengths}: a legend label and the variant it draws. */
    public record Method(String label, RopeScaling scaling) {
        public Method {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a method needs a label");
            }
        }
    }

    /**
     * Wavelength 2π/inv_freq against the rotary pair index, one line per method, on a log y axis
     * (as in the YaRN paper's comparison of interpolation methods). With {@code geometry}'s
     * max_position_embeddings known, a flat line marks it: pairs below it turn at least once
     * within the original context, pairs above it never complete a turn.
     *
     * @param seqLen transformers' {@code seq_len} for dynamic NTK and LongRoPE (0: not given)
     * @throws IllegalArgumentException when a method cannot be evaluated on {@code geometry}, or
     *         two methods share a label
     */
    public static Chart wavelengths(List<Method> methods, RopeGeometry geometry, int seqLen) {
        return wavelengths(methods, geometry, seqLen, null);
    }

    /** {@link #wavelengths(List, RopeGeometry, int)} with a title of one's own (null: the default, naming the geometry). */
    public static Chart wavelengths(List<Method> methods, RopeGeometry geometry, int seqLen, String title) {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("no methods to plot");
        }
        double[] index = new double[geometry.pairs()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        XYBuilder chart = Plot.line().x("rotary pair index i").y("wavelength 2\u03c0 / inv_freq (positions)").logY()
                .title(title != null ? title : String.format(Locale.ROOT,
                        "RoPE wavelengths: head_dim %d, base %s%s%s", geometry.headDim(),
                        number(geometry.base()), geometry.partialRotaryFactor() == 1 ? ""
                                : ", partial_rotary_factor " + geometry.partialRotaryFactor(),
                        geometry.maxPositionEmbeddings() > 0 ? ", context " + geometry.maxPositionEmbeddings() : ""));
        Set<String> labels = new HashSet<>();
        for (Method method : methods) {
            if (!labels.add(method.label())) {
                throw new IllegalArgumentException("method " + method.label() + " is listed twice");
            }
            RopeFrequencies f = method.scaling().frequencies(geometry, seqLen);
            double[] wavelength = new double[f.pairs()];
            for (int i = 0; i < wavelength.length; i++) {
                wavelength[i] = f.wavelength(i);
            }
            chart.series(method.label(), index, wavelength);
        }
        if (geometry.maxPositionEmbeddings() > 0) {
            double[] context = new double[index.length];
            Arrays.fill(context, geometry.maxPositionEmbeddings());
            String label = "context " + geometry.maxPositionEmbeddings();
            if (labels.contains(label)) {
                throw new IllegalArgumentException("method label " + label + " is reserved for the context line");
            }
            chart.series(label, index, context);
        }
        return chart.build();
    }

    /** 10000 rather than 10000.0; other values as Java prints them. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
