package org.lmlab.plot.internal;

import java.awt.Color;
import java.util.List;

/**
 * Maps values to colours by linear interpolation between stops, exactly as XChart colours heat-map
 * cells (per-channel interpolation truncated to integers), so the colour bar matches the cells.
 */
public record ColorScale(List<Color> stops, double min, double max) {

    public ColorScale {
        stops = List.copyOf(stops);
        if (stops.size() < 2) {
            throw new IllegalArgumentException("a colour scale needs two stops");
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("colour range must have max > min; got [" + min + ", " + max + "]");
        }
    }

    public Color color(double value) {
        if (value <= min) {
            return stops.get(0);
        }
        if (value >= max) {
            return stops.get(stops.size() - 1);
        }
        double index = (value - min) / (max - min) * (stops.size() - 1);
        int begin = (int) index;
        if (begin >= stops.size() - 1) {
            return stops.get(stops.size() - 1);
        }
        Color a = stops.get(begin);
        Color b = stops.get(begin + 1);
        double f = index - begin;
        return new Color((int) (a.getRed() + f * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Relative luminance (sRGB, WCAG), to pick a readable text colour over {@code c}. */
    public static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
