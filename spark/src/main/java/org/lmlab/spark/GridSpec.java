package org.lmlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.SweepGrid;

/**
 * A {@link SweepGrid} as serializable values (its methods hold {@code Extrapolation}s, which are not): the methods as
 * written and their parameters, rebuilt on an executor by parsing each spec against the loaded model's trained
 * context. The rebuilt grid must have the driver's fingerprint, so a method that resolves differently there (another
 * trained context) is refused instead of giving other numbers.
 */
record GridSpec(String model, String task, List<String> methods, List<String> parameters, List<Integer> lengths,
        List<Double> depths, List<Long> seeds, String fingerprint) implements Serializable {

    private static final long serialVersionUID = 1L;

    static GridSpec of(SweepGrid grid) {
        return new GridSpec(grid.model(), grid.task(), new ArrayList<>(grid.methods().stream().map(MethodSpec::spec)
                .toList()), new ArrayList<>(grid.methods().stream().map(MethodSpec::parameters).toList()),
                new ArrayList<>(grid.lengths()), new ArrayList<>(grid.depths()), new ArrayList<>(grid.seeds()),
                grid.fingerprint());
    }

    /** The driver's grid, its methods parsed for a model trained at {@code trainedContext} positions. */
    SweepGrid toGrid(int trainedContext) {
        List<MethodSpec> parsed = new ArrayList<>();
        for (String m : methods) {
            parsed.add(MethodSpec.parse(m, trainedContext));
        }
        SweepGrid grid = new SweepGrid(model, task, parsed, lengths, depths, seeds);
        if (!grid.fingerprint().equals(fingerprint)) {
            throw new IllegalStateException("the sweep grid rebuilt on this executor differs from the driver's: methods "
                    + parsed.stream().map(MethodSpec::parameters).toList() + " here (trained context " + trainedContext
                    + "), " + parameters + " on the driver; is the model shipped the one the grid was made for?");
        }
        return grid;
    }
}
