package org.lmlab.training.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyThenDecaysByCosineToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 10, 110, 0.1);
        assertEquals(1e-4, s.at(0), 1e-18);          // (0 + 1) / 10 of the peak
        assertEquals(5e-4, s.at(4), 1e-18);
        assertEquals(1e-3, s.at(9), 1e-18);          // warm-up ends at the peak
        assertEquals(1e-3, s.at(10), 1e-18);         // cosine starts at the peak ...
        // ... is half-way at the middle of the 100 decay steps (p = 49.5 / 99): min + (peak - min) / 2
        assertEquals(1e-4 + 0.9e-3 * 0.5 * (1 + Math.cos(Math.PI * 49 / 99.0)), s.at(59), 1e-18);
        assertEquals(1e-4, s.at(109), 1e-18);        // ... and ends at the floor
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0, 0, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 20, 10, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0, 10, 1.5));
    }
}
