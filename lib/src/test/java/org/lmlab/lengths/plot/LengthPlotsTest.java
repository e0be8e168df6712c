package org.lmlab.lengths.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.lengths.fit.Family;
import org.lmlab.plot.Chart;
import org.lmlab.reference.PythonReference;

/** Every length chart renders headless to a PNG that is not blank, on CASTILLO data. */
class LengthPlotsTest {

    @Test
    void chartsRenderNonBlankPngs() throws Exception {
        List<CastilloRow> rows = CastilloReader.read(PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl"));
        Map<String, List<Double>> byModel = new LinkedHashMap<>();
        Map<String, List<double[]>> prompts = new LinkedHashMap<>();
        for (CastilloRow r : rows) {
            if (!r.dataset().equals(rows.get(0).dataset()) || byModel.size() > 3 && !byModel.containsKey(r.model())) {
                continue;
            }
            List<Double> v = byModel.computeIfAbsent(r.model(), k -> new ArrayList<>());
            for (double x : r.lengths()) {
                v.add(x);
            }
            prompts.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r.lengths());
        }
        Map<String, double[]> groups = new LinkedHashMap<>();
        byModel.forEach((k, v) -> groups.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        List<Chart> charts = List.of(
                LengthPlots.histogramWithFits(groups, List.of(Family.LOGNORMAL, Family.NEGATIVE_BINOMIAL), 40),
                LengthPlots.ecdfWithFits(groups, List.of(Family.GAMMA, Family.LOGNORMAL_MIXTURE)),
                LengthPlots.box(groups), LengthPlots.violin(groups), LengthPlots.meanVsSd(prompts),
                LengthPlots.winRateVsLength(new double[] {400, 1100, 2000}, new double[] {3, 15, 50},
                        new double[] {6, 25, 50}));
        for (Chart c : charts) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(c.toPng()));
            Set<Integer> colours = new HashSet<>();
            int inked = 0;
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    int rgb = image.getRGB(x, y);
                    colours.add(rgb);
                    inked += (rgb & 0xffffff) != 0xffffff ? 1 : 0;
                }
            }
            assertTrue(colours.size() > 10, c.title() + ": only " + colours.size() + " colours");
            assertTrue(inked > image.getWidth() * image.getHeight() / 400, c.title() + ": nearly blank");
        }
        assertEquals(4 * 3, charts.get(0).series().size(), "data + 2 fitted curves per model");
    }

    @Test
    void emptyGroupsAreNamed() {
        assertEquals("group 'm' is empty", assertThrows(IllegalArgumentException.class,
                () -> LengthPlots.ecdfWithFits(Map.of("m", new double[0]), List.of())).getMessage());
    }
}
