package org.lmlab.scaling.law;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cartesian products of start values, first axis outermost (as {@code itertools.product}). */
final class Grid {

    private Grid() {
    }

    static List<double[]> product(double[]... axes) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[0]);
        for (double[] axis : axes) {
            List<double[]> next = new ArrayList<>(points.size() * axis.length);
            for (double[] p : points) {
                for (double v : axis) {
                    double[] q = Arrays.copyOf(p, p.length + 1);
                    q[p.length] = v;
                    next.add(q);
                }
            }
            points = next;
        }
        return List.copyOf(points);
    }

    /** Reorders each point's coordinates: {@code out[k] = point[order[k]]}. */
    static List<double[]> permuted(List<double[]> points, int... order) {
        return points.stream().map(p -> {
            double[] q = new double[order.length];
            for (int k = 0; k < order.length; k++) {
                q[k] = p[order[k]];
            }
            return q;
        }).toList();
    }
}
