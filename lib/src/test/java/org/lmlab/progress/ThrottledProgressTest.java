package org.lmlab.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lmlab.display.MimeBundle;

class ThrottledProgressTest {

    @Test
    void throttlesButAlwaysShowsFirstAndLast() {
        AtomicLong clock = new AtomicLong();
        List<ProgressState> shown = new ArrayList<>();
        ThrottledProgress progress = new ThrottledProgress(shown::add, 100, clock::get);
        progress.start(1000, "fit");
        for (int i = 0; i < 1000; i++) {
            clock.addAndGet(1_000_000); // 1 ms per step
            progress.step(1);
        }
        progress.done();
        assertEquals(0, shown.get(0).completed());
        ProgressState last = shown.get(shown.size() - 1);
        assertTrue(last.finished());
        assertEquals(1000, last.completed());
        assertEquals(1.0, last.elapsedSeconds(), 1e-9);
        // 1 s of work at one update per 100 ms: start, ~10 updates, finish.
        assertTrue(shown.size() >= 10 && shown.size() <= 13, "updates: " + shown.size());
        progress.done();
        assertEquals(last, shown.get(shown.size() - 1));
    }

    @Test
    void stateRendersTextAndHtml() {
        ProgressState state = new ProgressState("bootstrap", 300, 1000, 3.0, false);
        assertEquals(0.3, state.fraction(), 1e-12);
        assertEquals(7.0, state.remainingSeconds(), 1e-9);
        assertEquals("bootstrap  [#########.....................]  30%  300/1000  3.0 s, ~7.0 s left", state.text());
        MimeBundle bundle = state.toMimeBundle();
        assertTrue(bundle.data().get(MimeBundle.HTML).contains("<progress value=\"300\" max=\"1000\""));
        assertEquals(state.text(), bundle.plainText());
        ProgressState unknown = new ProgressState("load", 5, 0, 1.0, true);
        assertEquals("load  5 done  1.0 s, finished", unknown.text());
    }

    @Test
    void aNoteShowsBesideTheLabelUntilTheNextStart() {
        AtomicLong clock = new AtomicLong();
        List<ProgressState> shown = new ArrayList<>();
        ThrottledProgress progress = new ThrottledProgress(shown::add, 100, clock::get);
        progress.start(10, "train rope (10 steps)");
        progress.note("loss 2.3100, lr 1.00e-02");
        clock.addAndGet(200_000_000);
        progress.step(1);
        assertEquals("train rope (10 steps) · loss 2.3100, lr 1.00e-02", shown.get(shown.size() - 1).label());
        progress.start(5, "next");
        assertEquals("next", shown.get(shown.size() - 1).label());
    }
}
