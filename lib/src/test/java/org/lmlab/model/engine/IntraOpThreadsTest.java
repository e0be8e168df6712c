package org.lmlab.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IntraOpThreadsTest {

    @Test
    void setsTheCountForTheWorkAndRestoresIt() {
        int before = DjlRuntime.intraOpThreads();
        int other = before == 1 ? 2 : 1;
        assertEquals(other, (int) DjlRuntime.withIntraOpThreads(other, DjlRuntime::intraOpThreads));
        assertEquals(before, DjlRuntime.intraOpThreads());
        assertEquals(before, (int) DjlRuntime.withIntraOpThreads(0, DjlRuntime::intraOpThreads));
        assertThrows(RuntimeException.class, () -> DjlRuntime.withIntraOpThreads(other, () -> {
            throw new IllegalStateException("work failed");
        }));
        assertEquals(before, DjlRuntime.intraOpThreads(), "restored after a failure too");
        assertThrows(IllegalArgumentException.class, () -> DjlRuntime.withIntraOpThreads(-1, () -> 0));
    }
}
