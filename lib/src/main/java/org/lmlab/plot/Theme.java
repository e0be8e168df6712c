package org.lmlab.plot;

import java.awt.Color;
import java.util.List;
import java.util.Objects;

/**
 * The look of a chart: white background, light grid, DejaVu Sans text, a colour-blind-safe
 * palette for series (Okabe–Ito) and viridis for heat maps. {@link #standard()} is the one
 * default; the {@code with*} methods derive variants.
 *
 * @param fontFamily   font family for all text (falls back to the JDK's sans-serif when absent)
 * @param fontSize     tick-label size in points; titles and labels scale from it
 * @param background   chart and plot background
 * @param text         titles and axis labels
 * @param mutedText    tick labels and legend text
 * @param grid         grid lines
 * @param palette      series colours, used in order and then repeated
 * @param sequential   colour stops of the heat-map scale, low to high
 * @param lineWidth    series line width in pixels (at 1x)
 * @param markerSize   scatter marker diameter in pixels (at 1x)
 * @param fillAlpha    opacity of filled areas: bands, histograms, boxes, violins (0..1)
 */
public record Theme(String fontFamily, int fontSize, Color background, Color text, Color mutedText, Color grid,
                    List<Color> palette, List<Color> sequential, float lineWidth, int markerSize, double fillAlpha) {

    /** Okabe &amp; Ito (2008), ordered so the first colours are the most distinct; yellow comes late. */
    public static final List<Color> OKABE_ITO = List.of(
            new Color(0x0072B2), // blue
            new Color(0xE69F00), // orange
            new Color(0x009E73), // bluish green
            new Color(0xD55E00), // vermillion
            new Color(0xCC79A7), // reddish purple
            new Color(0x56B4E9), // sky blue
            new Color(0xF0E442), // yellow
            new Color(0x000000)); // black

    /** Nine stops of matplotlib's viridis, perceptually uniform and readable in grey scale. */
    public static final List<Color> VIRIDIS = List.of(
            new Color(0x440154), new Color(0x472C7A), new Color(0x3B518B), new Color(0x2C718E),
            new Color(0x21908D), new Color(0x27AD81), new Color(0x5CC863), new Color(0xAADC32),
            new Color(0xFDE725));

    private static final Theme STANDARD = new Theme("DejaVu Sans", 11, Color.WHITE, new Color(0x222222),
            new Color(0x555555), new Color(0xE6E6E6), OKABE_ITO, VIRIDIS, 2f, 7, 0.25);

    public Theme {
        Objects.requireNonNull(fontFamily, "fontFamily");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mutedText, "mutedText");
        Objects.requireNonNull(grid, "grid");
        if (fontSize < 4) {
            throw new IllegalArgumentException("fontSize must be at least 4 points; got " + fontSize);
        }
        if (palette == null || palette.isEmpty()) {
            throw new IllegalArgumentException("a theme needs at least one palette colour");
        }
        if (sequential == null || sequential.size() < 2) {
            throw new IllegalArgumentException("a sequential colour scale needs at least two stops");
        }
        if (!(fillAlpha >= 0 && fillAlpha <= 1)) {
            throw new IllegalArgumentException("fillAlpha must be in [0, 1]; got " + fillAlpha);
        }
        if (!(lineWidth > 0) || markerSize < 1) {
            throw new IllegalArgumentException("lineWidth and markerSize must be positive");
        }
        palette = List.copyOf(palette);
        sequential = List.copyOf(sequential);
    }

    /** lmlab's default theme. */
    public static Theme standard() {
        return STANDARD;
    }

    /** The colour of the {@code index}-th series (the palette repeats). */
    public Color color(int index) {
        return palette.get(Math.floorMod(index, palette.size()));
    }

    /** {@code color} at the theme's fill opacity. */
    public Color fill(Color color) {
        return withAlpha(color, fillAlpha);
    }

    public Theme withPalette(List<Color> colors) {
        return new Theme(fontFamily, fontSize, background, text, mutedText, grid, colors, sequential, lineWidth,
                markerSize, fillAlpha);
    }

    public Theme withFont(String family, int size) {
        return new Theme(family, size, background, text, mutedText, grid, palette, sequential, lineWidth,
                markerSize, fillAlpha);
    }

    public Theme withSequential(List<Color> stops) {
        return new Theme(fontFamily, fontSize, background, text, mutedText, grid, palette, stops, lineWidth,
                markerSize, fillAlpha);
    }

    static Color withAlpha(Color color, double alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int) Math.round(alpha * 255));
    }
}
