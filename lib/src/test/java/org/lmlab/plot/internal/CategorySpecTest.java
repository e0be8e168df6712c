package org.lmlab.plot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.plot.LegendPosition;
import org.lmlab.plot.Theme;
import org.lmlab.plot.stats.BoxStats;

class CategorySpecTest {

    private static CategorySpec spec(int groups, String prefix) {
        List<CategoryGroup> list = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            list.add(new CategoryGroup(prefix + i, BoxStats.of(new double[] {1, 2, 3}), null, null, Color.BLUE));
        }
        return new CategorySpec(new Frame("", "", "", 640, 400, Theme.standard(), LegendPosition.AUTO), false, list);
    }

    @Test
    void labelsTurnWhenTheyWouldNotFit() {
        Font font = new Font("DejaVu Sans", Font.PLAIN, 11);
        assertEquals(0, spec(3, "model-").labelRotation(font));
        assertEquals(90, spec(12, "checkpoint-100").labelRotation(font));
    }

    @Test
    void groupsSitAtOneToKWithLabelsThere() {
        var chart = spec(3, "g").toXChart();
        var axis = chart.getSeriesMap().values().iterator().next();
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), java.util.Arrays.stream(axis.getXData()).boxed().toList());
        var labels = chart.getStyler().getxAxisTickLabelsFormattingFunction();
        assertEquals("g0", labels.apply(1.0));
        assertEquals("g2", labels.apply(3.0));
        assertEquals(" ", labels.apply(0.0));
        assertEquals("  ", labels.apply(4.0));
    }
}
