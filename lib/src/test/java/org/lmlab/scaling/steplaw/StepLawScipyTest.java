package org.lmlab.scaling.steplaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.LawScipy;

/**
 * Acceptance 1 on the authors' released dense runs: every group's quadratic-surface optimum and the
 * fitted power laws against numpy.linalg.lstsq on the same runs and rules; and the authors' own
 * procedure (near-best runs, threshold 0.0025) against the same regression done in numpy.
 */
class StepLawScipyTest {

    /** numpy: per group the window-0.02 quadratic, its stationary point, the rules for falling back to the best run. */
    static final String SCRIPT = """
            import sys, numpy as np
            d = np.genfromtxt(sys.argv[1], delimiter=',', names=True)
            lr, B, L = d['lr'], 2048 * d['batch'], d['smooth_loss']
            keys = sorted(set(zip(d['params'], d['tokens'])))
            opt = []
            for n, t in keys:
                g = (d['params'] == n) & (d['tokens'] == t)
                best = np.argmin(np.where(g, L, np.inf))
                w = g & (L <= 1.02 * L[best])
                x, y = np.log(lr[w]), np.log(B[w])
                x0, y0 = x.mean(), y.mean()
                u, v = x - x0, y - y0
                A = np.c_[np.ones(len(u)), u, v, u * u, u * v, v * v]
                q = np.linalg.lstsq(A, L[w], rcond=None)[0]
                H = np.array([[2 * q[3], q[4]], [q[4], 2 * q[5]]])
                s = np.linalg.solve(H, -q[1:3])
                ls, bs = np.exp(x0 + s[0]), np.exp(y0 + s[1])
                ok = np.all(np.linalg.eigvalsh(H) > 0) and lr[w].min() <= ls <= lr[w].max() and B[w].min() <= bs <= B[w].max()
                val = q @ [1, s[0], s[1], s[0] ** 2, s[0] * s[1], s[1] ** 2]
                if not ok:
                    ls, bs, val = lr[best], B[best], L[best]
                opt.append((n, t, ls, bs))
                print('group', *[repr(float(z)) for z in (n, t)], int(ok), *[repr(float(z)) for z in (ls, bs, val)])
            def law(P):
                P = np.log(np.array(P))
                a = np.linalg.lstsq(np.c_[np.ones(len(P)), P[:, 0], P[:, 1]], P[:, 2], rcond=None)[0]
                b = np.linalg.lstsq(np.c_[np.ones(len(P)), P[:, 1]], P[:, 3], rcond=None)[0]
                return [np.exp(a[0]), a[1], a[2], np.exp(b[0]), b[1]]
            print('optima', *[repr(float(v)) for v in law(opt)])
            near = []
            for n, t in keys:
                g = (d['params'] == n) & (d['tokens'] == t)
                m = g & (np.abs(L / L[g].min() - 1) < 0.0025)
                near += list(zip(d['params'][m], d['tokens'][m], lr[m], B[m]))
            print('near', len(near), *[repr(float(v)) for v in law(near)])
            """;

    @Test
    void matchesNumpyOnReleasedRuns() throws Exception {
        List<HparamRun> runs = StepLawData.runs();
        String[] lines = PythonReference.run(SCRIPT, StepLawData.CSV.toString()).strip().split("\n");
        StepLawFit fit = new StepLawFitter(StepLawOptions.DEFAULT.withBootstrap(0, 42)).fit(runs, Progress.NONE);
        assertEquals(17, fit.groups().size());
        double worst = 0;
        for (int k = 0; k < 17; k++) {
            String[] v = lines[k].split(" ");
            GroupOptimum g = fit.groups().get(k);
            assertEquals(Double.parseDouble(v[1]), g.params());
            assertEquals(Double.parseDouble(v[2]), g.tokens());
            assertEquals(v[3].equals("1"), g.method() == GroupOptimum.Method.SURFACE, "group " + k + " " + g.note());
            for (int j = 0; j < 3; j++) {
                double mine = j == 0 ? g.lr() : j == 1 ? g.batch() : g.loss();
                double ref = Double.parseDouble(v[4 + j]);
                worst = Math.max(worst, LawScipy.rel(mine, ref));
                assertTrue(LawScipy.rel(mine, ref) < 1e-6, "group " + k + " value " + j + ": " + mine + " vs " + ref);
            }
        }
        System.out.printf("17 group optima: largest relative difference from numpy %.2e%n", worst);
        assertLaw(fit.law(), lines[17].split(" "), 1);
        System.out.println("lmlab " + fit.law() + "  numpy " + lines[17]);

        StepLawFit near = new StepLawFitter(StepLawOptions.DEFAULT.withBootstrap(0, 42)
                .withPoints(StepLawOptions.Points.NEAR_BEST, 0.0025)).fit(runs, Progress.NONE);
        String[] v = lines[18].split(" ");
        assertEquals(Integer.parseInt(v[1]), near.points());
        assertLaw(near.law(), v, 2);
        System.out.println("authors' procedure: lmlab " + near.law() + "  numpy " + lines[18]);
    }

    private static void assertLaw(StepLaw law, String[] v, int from) {
        double[] mine = {law.c(), law.alpha(), law.beta(), law.d(), law.gamma()};
        double worst = 0;
        for (int k = 0; k < 5; k++) {
            double ref = Double.parseDouble(v[from + k]);
            worst = Math.max(worst, LawScipy.rel(mine[k], ref));
            assertTrue(LawScipy.rel(mine[k], ref) < 1e-6, StepLawFit.QUANTITIES.get(k) + ": " + mine[k] + " vs " + ref);
        }
        System.out.printf("constants: largest relative difference from numpy %.2e%n", worst);
    }
}
