package org.lmlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmlab.display.MimeBundle;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Every chart kind renders headless to PNG and SVG: the PNG decodes at twice the CSS size and is
 * not blank, and the SVG is well-formed XML with drawing elements.
 */
class ChartRenderingTest {

    static Stream<Arguments> charts() {
        return ChartSamples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charts")
    void rendersPngAndSvg(String name, Supplier<Chart> sample) throws Exception {
        Chart chart = sample.get();

        BufferedImage image = decode(chart.toPng());
        assertEquals(2 * chart.width(), image.getWidth(), name);
        assertEquals(2 * chart.height(), image.getHeight(), name);
        PixelStats stats = PixelStats.of(image, chart.theme().background());
        assertTrue(stats.distinctColors >= 16, name + ": only " + stats.distinctColors + " colours");
        assertTrue(stats.nonBackground > 0.01, name + ": " + stats.nonBackground + " of pixels drawn");
        assertTrue(stats.nonBackground < 0.9, name + ": " + stats.nonBackground + " of pixels drawn");
        // the data itself is drawn, not only axes and text: the first series colour appears
        Color data = chart.kind() == ChartKind.HEATMAP ? chart.theme().sequential().get(0) : chart.theme().color(0);
        if (chart.kind() == ChartKind.SCATTER) {
            data = blend(data, chart.theme().background(), 0.75); // markers are slightly translucent
        }
        assertTrue(stats.near(data) > 50, name + ": only " + stats.near(data) + " pixels in the data colour " + data);

        Document svg = parseSvg(chart.toSvg());
        assertEquals("svg", svg.getDocumentElement().getTagName(), name);
        assertEquals("0 0 " + chart.width() + " " + chart.height(), svg.getDocumentElement().getAttribute("viewBox"));
        int paths = svg.getElementsByTagName("path").getLength();
        int rects = svg.getElementsByTagName("rect").getLength();
        assertTrue(paths >= 10, name + ": " + paths + " paths");
        assertTrue(paths + rects >= 15, name + ": " + (paths + rects) + " drawing elements");
        assertTrue(svg.getElementsByTagName("text").getLength() == 0, name + ": text is drawn as outlines");
    }

    @Test
    void rendersPdf() {
        byte[] pdf = ChartSamples.all().get("line-band").get().toPdf();
        String head = new String(pdf, 0, 8, StandardCharsets.ISO_8859_1);
        String tail = new String(pdf, pdf.length - 16, 16, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("%PDF-"), head);
        assertTrue(tail.contains("%%EOF"), tail);
        assertTrue(pdf.length > 1000);
    }

    @Test
    void violinOfAConstantGroupShowsItsMedian() throws Exception {
        Chart chart = Plot.violin().size(300, 200).group("flat", new double[] {2, 2, 2}).group("one", new double[] {5})
                .build();
        PixelStats stats = PixelStats.of(decode(chart.toPng()), chart.theme().background());
        assertTrue(stats.nonBackground > 0.005, "drawn: " + stats.nonBackground);
        assertEquals("violin chart (300×200 px): 2 groups — flat (3), one (1)", chart.toString());
    }

    @Test
    void pngAtNominalScale() throws Exception {
        Chart chart = Plot.line().size(500, 300).series("s", new double[] {1, 2, 3}).build();
        BufferedImage image = decode(chart.toPng(1));
        assertEquals(500, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void mimeBundleHasRetinaPngWithCssSizeSvgAndSummary() throws Exception {
        Chart chart = ChartSamples.all().get("line").get();
        MimeBundle bundle = chart.toMimeBundle();
        assertEquals(Set.of(MimeBundle.TEXT, MimeBundle.PNG, MimeBundle.SVG), bundle.data().keySet());
        BufferedImage png = decode(Base64.getDecoder().decode(bundle.data().get(MimeBundle.PNG)));
        assertEquals(1280, png.getWidth());
        JsonObject meta = JsonParser.parseString(bundle.metadata().get(MimeBundle.PNG)).getAsJsonObject();
        assertEquals(640, meta.get("width").getAsInt());
        assertEquals(400, meta.get("height").getAsInt());
        parseSvg(bundle.data().get(MimeBundle.SVG));
        assertEquals("line chart \"Training loss\" (640×400 px; x: step; y: loss): 2 series — run-a (120), run-b (120)",
                bundle.plainText());
    }

    @Test
    void summaryNamesKindAxesAndSeries() {
        Map<String, Supplier<Chart>> all = ChartSamples.all();
        assertEquals("line chart \"Scaling law\" (640×400 px; x: parameters (log); y: loss (log)): 1 series — fit (7)",
                all.get("log-log").get().toString());
        assertEquals("line chart \"Loss with 95% band\" (640×400 px; x: step; y: loss): 1 series — mean (120, band)",
                all.get("line-band").get().toString());
        assertEquals("heatmap chart \"Sweep\" (640×400 px; x: learning rate; y: batch size): loss, 3×2 grid, 1 empty,"
                + " 5 values", all.get("heatmap").get().toString());
        assertTrue(all.get("violin").get().toString().endsWith("3 groups — small (800), large (500), tiny (3)"),
                all.get("violin").get().toString());
    }

    @Test
    void savePicksTheFormatFromTheExtension(@TempDir Path dir) throws Exception {
        Chart chart = Plot.histogram().size(240, 160).bins(4).series("h", new double[] {1, 2, 2, 3, 3, 3}).build();
        Path png = chart.save(dir.resolve("h.png"));
        assertEquals(480, decode(Files.readAllBytes(png)).getWidth());
        Path svg = chart.save(dir.resolve("sub/h.SVG"));
        parseSvg(Files.readString(svg));
        Path pdf = chart.save(dir.resolve("h.pdf"));
        assertTrue(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.ISO_8859_1).startsWith("%PDF-"));

        IllegalArgumentException jpg = assertThrows(IllegalArgumentException.class, () -> chart.save(dir.resolve("h.jpg")));
        assertEquals("cannot save a chart as 'h.jpg': .jpg is not supported; use .png, .svg or .pdf", jpg.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> chart.save(dir.resolve("plot")));
        assertTrue(none.getMessage().contains("no extension"), none.getMessage());
        assertFalse(Files.exists(dir.resolve("h.jpg")));
    }

    @Test
    void chartsAreImmutableAndRenderTheSameTwice() {
        Chart chart = Plot.violin().size(240, 160).group("a", new double[] {1, 2, 2, 3, 5}).build();
        assertEquals(chart.toSvg().replaceAll("clip\\d+", "clip"), chart.toSvg().replaceAll("clip\\d+", "clip"));
    }

    @Test
    void legendOnlyWithSeveralSeries() {
        double[] x = {1, 2, 3, 4};
        double[] y = {1, 3, 2, 4};
        assertFalse(legendVisible(Plot.line().series("only", x, y).build()));
        assertFalse(legendVisible(Plot.line().series("only", x, y).band("only", y, y).build()), "a band is no entry");
        assertTrue(legendVisible(Plot.line().series("a", x, y).series("b", x, y).build()));
        assertTrue(legendVisible(Plot.line().legend(LegendPosition.RIGHT).series("only", x, y).build()));
        assertFalse(legendVisible(Plot.line().legend(LegendPosition.NONE).series("a", x, y).series("b", x, y).build()));
        assertFalse(legendVisible(Plot.box().group("a", x).group("b", y).build()), "groups are labelled on the axis");
    }

    private static boolean legendVisible(Chart chart) {
        return ((org.lmlab.plot.internal.XChartSpec) chart.spec()).toXChart().getStyler().isLegendVisible();
    }

    private static Color blend(Color c, Color background, double alpha) {
        return new Color((int) Math.round(c.getRed() * alpha + background.getRed() * (1 - alpha)),
                (int) Math.round(c.getGreen() * alpha + background.getGreen() * (1 - alpha)),
                (int) Math.round(c.getBlue() * alpha + background.getBlue() * (1 - alpha)));
    }

    static BufferedImage decode(byte[] png) throws Exception {
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "PNG did not decode");
        return image;
    }

    static Document parseSvg(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // the SVG 1.1 DOCTYPE names a DTD on w3.org: never fetch it (CI is offline)
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(new InputSource(new StringReader(svg)));
    }

    /** Colour statistics of an image. */
    static final class PixelStats {
        int distinctColors;
        double nonBackground;
        private final int[] pixels;

        private PixelStats(int[] pixels) {
            this.pixels = pixels;
        }

        static PixelStats of(BufferedImage image, Color background) {
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            PixelStats s = new PixelStats(pixels);
            Set<Integer> colors = new HashSet<>();
            int drawn = 0;
            int bg = background.getRGB() & 0xFFFFFF;
            for (int p : pixels) {
                colors.add(p & 0xFFFFFF);
                if ((p & 0xFFFFFF) != bg) {
                    drawn++;
                }
            }
            s.distinctColors = colors.size();
            s.nonBackground = drawn / (double) pixels.length;
            return s;
        }

        /** Pixels within a small distance of {@code c}. */
        int near(Color c) {
            int count = 0;
            for (int p : pixels) {
                if (close(new Color(p), c, 24)) {
                    count++;
                }
            }
            return count;
        }

        static boolean close(Color a, Color b, int tolerance) {
            return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                    + Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
        }
    }
}
