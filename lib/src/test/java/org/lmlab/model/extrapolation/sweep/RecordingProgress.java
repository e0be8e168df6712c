package org.lmlab.model.extrapolation.sweep;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.progress.Progress;

/** A {@link Progress} that records what it is told: each start's label and total, and the units stepped. */
final class RecordingProgress implements Progress {

    final List<String> labels = new ArrayList<>();
    final List<Long> totals = new ArrayList<>();
    long steps;

    @Override
    public void start(long total, String label) {
        labels.add(label);
        totals.add(total);
    }

    @Override
    public void step(long units) {
        steps += units;
    }

    @Override
    public void done() {
    }
}
