package org.lmlab.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.lmlab.plot.Theme;
import org.lmlab.plot.stats.BoxStats;

/** Paints boxes or violins in data coordinates once XChart has laid out the axes. */
final class CategoryPainter extends Annotation {

    private final CategorySpec spec;

    CategoryPainter(CategorySpec spec) {
        super(false);
        this.spec = spec;
        this.bounds = new Rectangle2D.Double();
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible) {
            return;
        }
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Theme theme = spec.frame().theme();
        for (int i = 0; i < spec.groups().size(); i++) {
            CategoryGroup group = spec.groups().get(i);
            double center = i + 1;
            if (spec.violin()) {
                paintViolin(g, group, center, theme);
            } else {
                paintBox(g, group, center, theme);
            }
        }
        if (aa != null) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        }
    }

    private double sx(double x) {
        return chart.getScreenXFromChart(x);
    }

    private double sy(double y) {
        return chart.getScreenYFromChart(y);
    }

    private void paintBox(Graphics2D g, CategoryGroup group, double center, Theme theme) {
        BoxStats b = group.stats();
        double half = CategorySpec.HALF_WIDTH * 0.75;
        double cx = sx(center);
        double left = sx(center - half);
        double right = sx(center + half);
        double capLeft = sx(center - half / 2);
        double capRight = sx(center + half / 2);
        Color color = group.color();
        BasicStroke outline = Styling.line(1.5f);

        g.setStroke(outline);
        g.setColor(color);
        g.draw(new Line2D.Double(cx, sy(b.q1()), cx, sy(b.whiskerLow())));
        g.draw(new Line2D.Double(cx, sy(b.q3()), cx, sy(b.whiskerHigh())));
        g.draw(new Line2D.Double(capLeft, sy(b.whiskerLow()), capRight, sy(b.whiskerLow())));
        g.draw(new Line2D.Double(capLeft, sy(b.whiskerHigh()), capRight, sy(b.whiskerHigh())));

        double top = sy(b.q3());
        double bottom = sy(b.q1());
        Rectangle2D box = new Rectangle2D.Double(left, top, right - left, Math.max(bottom - top, 0.5));
        g.setColor(Styling.withAlpha(color, Math.max(theme.fillAlpha(), 0.35)));
        g.fill(box);
        g.setColor(color);
        g.draw(box);

        g.setStroke(Styling.line(2.5f));
        g.setColor(theme.text());
        g.draw(new Line2D.Double(left, sy(b.median()), right, sy(b.median())));

        g.setStroke(Styling.line(1.2f));
        g.setColor(color);
        double r = Math.max(2.5, theme.markerSize() / 2.5);
        for (double v : b.outliers()) {
            g.draw(new Ellipse2D.Double(cx - r, sy(v) - r, 2 * r, 2 * r));
        }
    }

    private void paintViolin(Graphics2D g, CategoryGroup group, double center, Theme theme) {
        Color color = group.color();
        double[] ys = group.gridY();
        double[] half = group.halfWidth();
        if (ys != null && ys.length > 1) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(sx(center + half[0]), sy(ys[0]));
            for (int j = 1; j < ys.length; j++) {
                path.lineTo(sx(center + half[j]), sy(ys[j]));
            }
            for (int j = ys.length - 1; j >= 0; j--) {
                path.lineTo(sx(center - half[j]), sy(ys[j]));
            }
            path.closePath();
            g.setColor(Styling.withAlpha(color, Math.max(theme.fillAlpha(), 0.35)));
            g.fill(path);
            g.setColor(color);
            g.setStroke(Styling.line(1.5f));
            g.draw(path);
        }
        // inner box: whiskers as a thin line, the IQR as a thick one, the median as a white dot
        BoxStats b = group.stats();
        double cx = sx(center);
        g.setColor(theme.text());
        g.setStroke(Styling.line(1.2f));
        g.draw(new Line2D.Double(cx, sy(b.whiskerLow()), cx, sy(b.whiskerHigh())));
        g.setStroke(new BasicStroke(5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.draw(new Line2D.Double(cx, sy(b.q1()), cx, sy(b.q3())));
        double r = 3;
        Ellipse2D dot = new Ellipse2D.Double(cx - r, sy(b.median()) - r, 2 * r, 2 * r);
        g.setColor(Color.WHITE);
        g.fill(dot);
        g.setColor(theme.text());
        g.setStroke(Styling.line(1f));
        g.draw(dot);
    }
}
