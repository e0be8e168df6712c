package org.lmlab.plot.internal;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.pdf.PDFProcessor;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Renders a {@link ChartSpec} to PNG (Java2D, headless) or to SVG and PDF (VectorGraphics2D). */
public final class ChartImages {

    /** Largest PNG rendered, in pixels (64 Mpx: 256 MB of image memory). */
    static final long MAX_PIXELS = 1L << 26;

    private ChartImages() {
    }

    /** A PNG of {@code scale} device pixels per CSS pixel. */
    public static byte[] png(ChartSpec spec, double scale) {
        if (!(scale > 0 && scale <= 8)) {
            throw new IllegalArgumentException("PNG scale must be in (0, 8]; got " + scale);
        }
        Frame f = spec.frame();
        int w = (int) Math.round(f.width() * scale);
        int h = (int) Math.round(f.height() * scale);
        if ((long) w * h > MAX_PIXELS) {
            throw new IllegalArgumentException("a " + w + "x" + h + " PNG is too large (over " + MAX_PIXELS
                    + " pixels); lower the size or the scale");
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(scale, scale);
            spec.paint(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String svg(ChartSpec spec) {
        return new String(vector(spec, new SVGProcessor()), StandardCharsets.UTF_8);
    }

    public static byte[] pdf(ChartSpec spec) {
        return vector(spec, new PDFProcessor(true));
    }

    private static byte[] vector(ChartSpec spec, Processor processor) {
        Frame f = spec.frame();
        VectorGraphics2D g = new VectorGraphics2D();
        spec.paint(g);
        Document doc = processor.getDocument(g.getCommands(), new PageSize(0, 0, f.width(), f.height()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            doc.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
