package org.lmlab.scaling.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.plot.Chart;
import org.lmlab.plot.SeriesInfo;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.ChinchillaData;
import org.lmlab.scaling.ChinchillaFitScipyTestGrid;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.law.ChinchillaLaw;

/** The scaling charts render headless to non-blank PNGs of the expected size. */
class ScalingPlotsTest {

    static final ScalingData DATA = ScalingData.of(ChinchillaData.replicationRuns());
    static LawFit fit;
    static BootstrapResult bootstrap;

    @BeforeAll
    static void fitOnce() {
        LawFitter fitter = new LawFitter(new ChinchillaLaw(ChinchillaFitScipyTestGrid.SUB_GRID));
        fit = fitter.fit(DATA);
        bootstrap = new Bootstrap(fitter).run(DATA, fit, BootstrapOptions.defaults().withReplicates(30), Progress.NONE);
    }

    static void assertDrawn(Chart chart, Path dir, String name) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.toPng()));
        assertEquals(2 * chart.width(), image.getWidth());
        assertEquals(2 * chart.height(), image.getHeight());
        int background = chart.theme().background().getRGB();
        Set<Integer> colours = new HashSet<>();
        long drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                drawn += rgb != background ? 1 : 0;
            }
        }
        double fraction = (double) drawn / (image.getWidth() * image.getHeight());
        assertTrue(colours.size() >= 16, name + ": " + colours.size() + " colours");
        assertTrue(fraction > 0.01 && fraction < 0.9, name + ": " + fraction + " drawn");
        assertTrue(Files.size(chart.save(dir.resolve(name + ".png"))) > 1000);
    }

    @Test
    void observedVsFitted(@TempDir Path dir) throws Exception {
        Chart chart = ScalingPlots.fitted(fit, DATA);
        assertEquals(240, chart.series().get(0).size());
        assertDrawn(chart, dir, "fitted");
    }

    @Test
    void contoursWithFrontier(@TempDir Path dir) throws Exception {
        Chart chart = ScalingPlots.contours(ChinchillaLaw.params(fit.theta()), DATA, 6);
        assertTrue(chart.series().size() >= 4, chart.toString());
        assertEquals("efficient frontier", chart.series().get(chart.series().size() - 1).name());
        assertDrawn(chart, dir, "contours");
    }

    @Test
    void bootstrapHistogram(@TempDir Path dir) throws Exception {
        Chart chart = ScalingPlots.bootstrapHistogram(bootstrap, "alpha");
        assertTrue(chart.title().startsWith("Bootstrap: alpha = 0.3473"), chart.title());
        assertDrawn(chart, dir, "bootstrap");
    }

    @Test
    void badContourBoxIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ScalingPlots.contours(ChinchillaLaw.params(fit.theta()), 1e9, 1e8, 1e9, 1e10, 5));
        assertEquals("need 0 < nMin < nMax, 0 < dMin < dMax and levels >= 1", e.getMessage());
    }
}
