package org.lmlab.spark;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.progress.Progress;

/** Keeps what a run reports: the total it announced, the units stepped and the notes (the Spark UI address). */
class CountingProgress implements Progress {

    long total = -1;
    volatile long steps;
    final List<String> notes = new ArrayList<>();

    @Override
    public void start(long t, String label) {
        total = t;
    }

    @Override
    public void step(long units) {
        steps += units;
    }

    @Override
    public void note(String text) {
        notes.add(text);
    }

    @Override
    public void done() {
    }
}
