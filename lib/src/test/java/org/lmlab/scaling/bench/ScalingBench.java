package org.lmlab.scaling.bench;

import java.nio.file.Path;
import java.util.List;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.Runs;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.StartGrid;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.law.ChinchillaLaw;

/**
 * Benchmark entry point for bench/scaling_bench.py: the full multi-start Chinchilla fit and a
 * bootstrap on the 240 replication runs, printed as {@code key=value} lines.
 *
 * <p>Arguments: CSV path, grid ("full" or "sub"), bootstrap replicates, threads, seed.
 */
public final class ScalingBench {

    private ScalingBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Run> runs = Runs.dropHighestLoss(Runs.fromCsv(Path.of(args[0])), 5);
        StartGrid grid = args[1].equals("full") ? StartGrid.replication() : new StartGrid(new double[] {0, 1, 2},
                new double[] {0, 1, 2}, new double[] {-1, 0, 1}, new double[] {0, 10, 20}, new double[] {0, 10, 20});
        int replicates = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long seed = Long.parseLong(args[4]);
        ScalingData data = ScalingData.of(runs);
        LawFitter lawFitter = new LawFitter(new ChinchillaLaw(grid));
        lawFitter.fit(data); // warm-up: JIT
        LawFit fit = lawFitter.fit(data);
        ChinchillaParams p = fit.chinchillaParams();
        print("fit_seconds", fit.elapsed().toNanos() / 1e9);
        print("objective", fit.objective());
        print("A", p.A());
        print("B", p.B());
        print("E", p.E());
        print("alpha", p.alpha());
        print("beta", p.beta());
        print("starts", fit.starts());
        if (replicates > 0) {
            LawFit full = fit;
            long cpu0 = processCpuNanos();
            BootstrapResult result = new Bootstrap(lawFitter).run(data, full,
                    BootstrapOptions.defaults().withReplicates(replicates).withThreads(threads).withSeed(seed),
                    Progress.NONE);
            print("bootstrap_seconds", result.elapsed().toNanos() / 1e9);
            print("bootstrap_cpu_seconds", (processCpuNanos() - cpu0) / 1e9);
            System.out.println("full_theta=" + join(full.theta()));
            lawFitter.law().refitStarts().forEach(s -> System.out.println("refit_start=" + join(s)));
            print("bootstrap_replicates", replicates);
            print("bootstrap_warm_start_won", result.replicates().stream().filter(r -> r.bestStart() == 0).count());
            result.intervals().forEach(i -> {
                print("ci_" + i.name() + "_lower", i.lower());
                print("ci_" + i.name() + "_upper", i.upper());
            });
        }
    }

    /** CPU time of this process (all threads): on a shared machine it shows the work apart from waiting. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String join(double[] v) {
        return String.join(",", java.util.Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    private static void print(String key, double value) {
        System.out.println(key + "=" + value);
    }
}
