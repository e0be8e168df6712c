package org.lmlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.plot.internal.CategoryGroup;
import org.lmlab.plot.internal.CategorySpec;
import org.lmlab.plot.stats.BoxStats;
import org.lmlab.plot.stats.GaussianKde;
import org.lmlab.table.RowGroups;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * Box plots and violin plots: one distribution per named group, side by side.
 *
 * <p>Boxes span the quartiles (numpy's linear percentiles) with the median marked; whiskers reach
 * the furthest values within 1.5 IQR; values beyond are drawn as outliers.
 *
 * <p>Violins are mirrored Gaussian kernel density estimates with Silverman's bandwidth factor as
 * {@code scipy.stats.gaussian_kde(bw_method="silverman")} defines it ({@code h = 1.06 s n^(-1/5)}
 * to three digits), evaluated from 2 bandwidths below the minimum to 2 above the maximum (seaborn's
 * {@code cut=2}). All violins share one density scale, so each encloses the same area. Inside each,
 * a thin line spans the whiskers, a thick one the quartiles, and a white dot marks the median. A
 * group whose values are all equal has no spread to estimate and shows only that inner box.
 * NaN values are skipped.
 */
public final class DistributionBuilder extends ChartBuilder<DistributionBuilder> {

    /** Grid points along each violin outline. */
    static final int VIOLIN_POINTS = 200;
    /** How far the violin extends beyond the data, in bandwidths. */
    static final double VIOLIN_CUT = 2;

    private final ChartKind kind;
    private final Map<String, double[]> groups = new LinkedHashMap<>();
    private String defaultX;
    private String defaultY;

    DistributionBuilder(ChartKind kind) {
        this.kind = kind;
    }

    /** Adds a group, drawn at the next position from the left. */
    public DistributionBuilder group(String name, double[] values) {
        requireName(name, "group");
        if (groups.containsKey(name)) {
            throw new IllegalArgumentException("group '" + name + "' was already added; group names must be unique");
        }
        groups.put(name, finiteSample(name, values));
        return this;
    }

    /** One group: the numeric column {@code column}. */
    public DistributionBuilder table(Table table, String column) {
        double[] values = TableColumns.numbersOrNaN(table, column, kind.label() + " values");
        defaultY = TableColumns.requireFor(table, column, kind.label() + " values");
        return group(defaultY, values);
    }

    /** One group per distinct value of {@code by}, labelled with it; groups without a number are left out. */
    public DistributionBuilder table(Table table, String column, String by) {
        RowGroups.valuesBy(table, column, by, kind.label() + " values").forEach(this::group);
        defaultY = TableColumns.requireFor(table, column, kind.label() + " values");
        defaultX = TableColumns.requireFor(table, by, "by");
        return this;
    }

    @Override
    public Chart build() {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.label() + " plot needs at least one group; add one with group(name, values)");
        }
        boolean violin = kind == ChartKind.VIOLIN;
        List<String> names = new ArrayList<>(groups.keySet());
        List<BoxStats> stats = new ArrayList<>();
        List<double[]> grids = new ArrayList<>();
        List<double[]> densities = new ArrayList<>();
        double maxDensity = 0;
        for (String name : names) {
            double[] values = groups.get(name);
            stats.add(BoxStats.of(values));
            if (violin && hasSpread(values)) {
                GaussianKde kde = GaussianKde.silverman(values);
                double[] grid = kde.grid(VIOLIN_CUT, VIOLIN_POINTS);
                double[] density = kde.density(grid);
                for (double d : density) {
                    maxDensity = Math.max(maxDensity, d);
                }
                grids.add(grid);
                densities.add(density);
            } else {
                grids.add(null);
                densities.add(null);
            }
        }
        List<CategoryGroup> drawn = new ArrayList<>();
        List<SeriesInfo> infos = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double[] half = null;
            if (densities.get(i) != null) {
                double[] d = densities.get(i);
                half = new double[d.length];
                for (int j = 0; j < d.length; j++) {
                    half[j] = d[j] / maxDensity * CategorySpec.HALF_WIDTH;
                }
            }
            drawn.add(new CategoryGroup(names.get(i), stats.get(i), grids.get(i), half, theme.color(i)));
            infos.add(new SeriesInfo(names.get(i), groups.get(names.get(i)).length, ""));
        }
        CategorySpec spec = new CategorySpec(frame(defaultX, defaultY), violin, drawn);
        return new Chart(kind, spec, infos, false, false);
    }

    private static boolean hasSpread(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return true;
            }
        }
        return false;
    }
}
