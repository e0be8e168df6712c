package org.lmlab.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.plot.internal.ChartImages;
import org.lmlab.plot.internal.ChartSpec;
import org.lmlab.plot.internal.Frame;

/**
 * A finished chart: immutable, safe to render from any thread, and displayable in a notebook.
 * Each rendering builds a fresh XChart object, so nothing is shared or changed.
 *
 * <p>In a notebook a chart shows as a PNG rendered at {@value #RETINA_SCALE}× with its CSS size in
 * the image metadata (sharp on high-DPI screens, normal size everywhere), plus an SVG, plus a
 * one-line text summary. JupyterLab shows the SVG when the output is trusted and the PNG
 * otherwise (and nbconvert/GitHub use the PNG). Very large SVGs (over
 * {@value #MAX_INLINE_SVG_CHARS} characters, e.g. scatter plots of 100k points) are left out of the
 * notebook; {@link #save} still writes them.
 */
public final class Chart implements Displayable {

    /** Device pixels per CSS pixel of the inline PNG and of saved PNGs. */
    public static final double RETINA_SCALE = 2.0;

    /** Inline SVGs larger than this many characters are dropped from the notebook bundle. */
    public static final int MAX_INLINE_SVG_CHARS = 2_000_000;

    private final ChartKind kind;
    private final ChartSpec spec;
    private final List<SeriesInfo> series;
    private final boolean logX;
    private final boolean logY;

    Chart(ChartKind kind, ChartSpec spec, List<SeriesInfo> series, boolean logX, boolean logY) {
        this.kind = Objects.requireNonNull(kind);
        this.spec = Objects.requireNonNull(spec);
        this.series = List.copyOf(series);
        this.logX = logX;
        this.logY = logY;
    }

    public ChartKind kind() {
        return kind;
    }

    public String title() {
        return spec.frame().title();
    }

    public String xLabel() {
        return spec.frame().xLabel();
    }

    public String yLabel() {
        return spec.frame().yLabel();
    }

    /** Width in CSS pixels. */
    public int width() {
        return spec.frame().width();
    }

    /** Height in CSS pixels. */
    public int height() {
        return spec.frame().height();
    }

    public Theme theme() {
        return spec.frame().theme();
    }

    /** Series (or groups, for box and violin plots; panels, for a grid) in drawing order. */
    public List<SeriesInfo> series() {
        return series;
    }

    public boolean logX() {
        return logX;
    }

    public boolean logY() {
        return logY;
    }

    /**
     * The description rendering builds from: the plotted values, axes and marks, for tests and tools
     * that check what a chart shows. Its types live in {@code org.lmlab.plot.internal} and may change.
     */
    public ChartSpec spec() {
        return spec;
    }

    /** A PNG at {@value #RETINA_SCALE}× the CSS size. */
    public byte[] toPng() {
        return toPng(RETINA_SCALE);
    }

    /** A PNG of {@code scale} pixels per CSS pixel (1 for the nominal size). */
    public byte[] toPng(double scale) {
        return ChartImages.png(spec, scale);
    }

    /** An SVG document of the CSS size. */
    public String toSvg() {
        return ChartImages.svg(spec);
    }

    /** A one-page PDF of the CSS size (in points). */
    public byte[] toPdf() {
        return ChartImages.pdf(spec);
    }

    /**
     * Writes the chart to {@code path}, in the format its extension names: {@code .png} (at
     * {@value #RETINA_SCALE}×), {@code .svg} or {@code .pdf}. Missing parent folders are created.
     *
     * @throws IllegalArgumentException for any other extension
     */
    public Path save(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        byte[] bytes = switch (extension) {
            case "png" -> toPng();
            case "svg" -> toSvg().getBytes(StandardCharsets.UTF_8);
            case "pdf" -> toPdf();
            default -> throw new IllegalArgumentException("cannot save a chart as '" + name + "': "
                    + (extension.isEmpty() ? "the file name has no extension" : "." + extension + " is not supported")
                    + "; use .png, .svg or .pdf");
        };
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(path, bytes);
        return path;
    }

    @Override
    public MimeBundle toMimeBundle() {
        MimeBundle.Builder bundle = MimeBundle.builder(summary())
                .add(MimeBundle.PNG, Base64.getEncoder().encodeToString(toPng()))
                .metadata(MimeBundle.PNG, "{\"width\": " + width() + ", \"height\": " + height() + "}");
        String svg = toSvg();
        if (svg.length() <= MAX_INLINE_SVG_CHARS) {
            bundle.add(MimeBundle.SVG, svg);
        }
        return bundle.build();
    }

    /** One line: kind, title, size, axes and series with their sizes. */
    public String summary() {
        Frame f = spec.frame();
        StringBuilder s = new StringBuilder(kind.label()).append(" chart");
        if (!f.title().isEmpty()) {
            s.append(" \"").append(f.title()).append('"');
        }
        s.append(" (").append(f.width()).append('×').append(f.height()).append(" px");
        if (!f.xLabel().isEmpty() || logX) {
            s.append("; x: ").append(f.xLabel().isEmpty() ? "-" : f.xLabel()).append(logX ? " (log)" : "");
        }
        if (!f.yLabel().isEmpty() || logY) {
            s.append("; y: ").append(f.yLabel().isEmpty() ? "-" : f.yLabel()).append(logY ? " (log)" : "");
        }
        s.append("): ");
        if (kind == ChartKind.GRID) {
            s.append(series.size()).append(series.size() == 1 ? " panel" : " panels").append(" — ");
            for (int i = 0; i < series.size(); i++) {
                SeriesInfo p = series.get(i);
                s.append(i > 0 ? "; " : "").append(p.name()).append(" (").append(p.extras()).append(')');
            }
            return s.toString();
        }
        if (kind == ChartKind.HEATMAP) {
            SeriesInfo info = series.get(0);
            s.append(info.name()).append(", ").append(info.extras()).append(", ").append(info.size()).append(" values");
            return s.toString();
        }
        boolean groups = kind == ChartKind.BOX || kind == ChartKind.VIOLIN;
        s.append(series.size()).append(groups ? (series.size() == 1 ? " group" : " groups") : " series").append(" — ");
        for (int i = 0; i < series.size(); i++) {
            s.append(i > 0 ? ", " : "").append(series.get(i));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
