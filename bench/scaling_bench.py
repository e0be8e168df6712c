#!/usr/bin/env python3
"""Scaling-law fitting: lmlab (Java) next to scipy, in the same run.

Two measures on the 240 Chinchilla replication runs (datasets/chinchilla, 5 highest losses dropped):

* full fit: Approach 3 (summed Huber, delta 1e-3, in log space) from every start of the
  replication's 4,500-point grid (--grid sub: the tests' 243-point sub-grid), best start polished.
  lmlab: LawFitter with ChinchillaLaw (parallel over starts, after one untimed warm-up fit for the JIT);
  scipy: lib/src/test/resources/org/lmlab/scaling/chinchilla_scipy.py (L-BFGS-B, analytic
  gradient, ftol 1e-15, gtol 1e-10; one process).
* bootstrap: lmlab refits --replicates resamples (default 4,000) on --threads workers, each from
  the full-data optimum plus the law's 4 refit starts. scipy refits --scipy-replicates resamples
  (default 40; 4,000 would take about an hour) from the same 5 starts with law_scipy.py, and its
  time is scaled to the lmlab replicate count (per-refit time x replicates).

Prints a markdown table with the ratio scipy/lmlab and the exact command; --write-results writes it
with machine facts to bench/scaling-results.md (the section for docs/benchmarks.md).

    mvn -B -o -q -pl lib test-compile     # once: lib classes + ScalingBench
    .venv/bin/python bench/scaling_bench.py [--grid full|sub] [--replicates 4000] [--threads 2]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT / "datasets" / "chinchilla" / "chinchilla_runs.csv"
RESOURCES = ROOT / "lib" / "src" / "test" / "resources" / "org" / "lmlab" / "scaling"
RESULTS = ROOT / "bench" / "scaling-results.md"
GRIDS = {  # alphas;betas;es;as;bs as chinchilla_scipy.py takes them
    "full": "0,0.5,1,1.5,2;0,0.5,1,1.5,2;-1,-0.5,0,0.5,1;0,5,10,15,20,25;0,5,10,15,20,25",
    "sub": "0,1,2;0,1,2;-1,0,1;0,10,20;0,10,20",
}


def classpath() -> str:
    out = Path(tempfile.mkdtemp()) / "cp.txt"
    subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib", "dependency:build-classpath",
                    f"-Dmdep.outputFile={out}"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    classes = ROOT / "lib" / "target" / "classes"
    tests = ROOT / "lib" / "target" / "test-classes"
    if not (tests / "org" / "lmlab" / "scaling" / "bench" / "ScalingBench.class").exists():
        sys.exit("ScalingBench is not compiled: run  mvn -B -o -q -pl lib test-compile")
    return os.pathsep.join([str(classes), str(tests), out.read_text().strip()])


def key_values(text: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            values.setdefault(k.strip(), []).append(v.strip())
    return values


def run_lmlab(args) -> dict[str, list[str]]:
    cmd = ["java", "-cp", classpath(), "org.lmlab.scaling.bench.ScalingBench", str(CSV), args.grid,
           str(args.replicates), str(args.threads), str(args.seed)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("ScalingBench failed:\n" + done.stderr)
    return key_values(done.stdout)


def run_scipy_fit(grid: str) -> dict[str, list[str]]:
    cmd = [sys.executable, str(RESOURCES / "chinchilla_scipy.py"), str(CSV), GRIDS[grid], "1e-3"]
    return key_values(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def write_replication_csv(path: Path) -> int:
    """The 240 replication runs (5 highest losses dropped) as law_scipy.py reads them; returns the row count."""
    data = np.genfromtxt(CSV, delimiter=",", names=True)
    keep = data["loss"] < np.sort(data["loss"])[-5]
    rows = ["params,tokens,unique,loss"] + [f"{float(n)!r},{float(d)!r},{float(d)!r},{float(l)!r}" for n, d, l in
                                           zip(data["params"][keep], data["tokens"][keep], data["loss"][keep])]
    path.write_text("\n".join(rows) + "\n")
    return int(keep.sum())


def run_scipy_bootstrap(lmlab: dict[str, list[str]], replicates: int, seed: int) -> float:
    """Seconds for `replicates` scipy refits from lmlab's warm start + refit starts."""
    tmp = Path(tempfile.mkdtemp())
    n = write_replication_csv(tmp / "data.csv")
    (tmp / "starts.txt").write_text("\n".join(lmlab["full_theta"] + lmlab["refit_start"]) + "\n")
    rng = np.random.default_rng(seed)
    (tmp / "idx.txt").write_text("\n".join(",".join(map(str, rng.integers(0, n, n))) for _ in range(replicates)))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(RESOURCES / "law_scipy.py"), "chinchilla", str(tmp / "data.csv"),
                    str(tmp / "starts.txt"), "1e-3", "-", str(tmp / "idx.txt")], check=True, capture_output=True)
    return time.perf_counter() - t0


def machine() -> str:
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, {java}, Python "
            f"{platform.python_version()}, load average {load:.1f} at start, {dt.date.today().isoformat()}")


def report(script: str, body: str, facts: str, results: Path | None, title: str) -> None:
    """Prints body with the exact command and machine facts; writes them under title to results when given."""
    command = f"python bench/{script} " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    text = body + f"\n\nCommand: `{command}`  \nMachine: {facts}\n"
    print(text)
    if results is not None:
        results.write_text(f"## {title}\n\n" + text)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--grid", choices=GRIDS, default="full")
    p.add_argument("--replicates", type=int, default=4000)
    p.add_argument("--scipy-replicates", type=int, default=40)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--write-results", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    args = p.parse_args()
    facts = machine()
    lmlab = run_lmlab(args)
    scipy = run_scipy_fit(args.grid)
    boot_scipy = run_scipy_bootstrap(lmlab, args.scipy_replicates, args.seed)
    fit_l, fit_s = float(lmlab["fit_seconds"][0]), float(scipy["seconds"][0])
    boot_l = float(lmlab["bootstrap_seconds"][0])
    boot_s = boot_scipy / args.scipy_replicates * args.replicates
    starts = int(float(lmlab["starts"][0]))
    table = [
        "| measure | lmlab | scipy | scipy / lmlab |",
        "|---|---|---|---|",
        f"| full fit, {starts} starts | {fit_l:.2f} s | {fit_s:.1f} s | {fit_s / fit_l:.0f}× |",
        f"| bootstrap, {args.replicates} refits ({args.threads} threads; scipy: {args.scipy_replicates} refits "
        f"scaled) | {boot_l:.1f} s | {boot_s:.0f} s | {boot_s / boot_l:.0f}× |",
        f"| bootstrap CPU time (all threads) | {float(lmlab['bootstrap_cpu_seconds'][0]):.1f} s | | |",
        f"| per refit | {1000 * boot_l / args.replicates:.2f} ms | {1000 * boot_scipy / args.scipy_replicates:.0f} ms"
        f" | {(boot_scipy / args.scipy_replicates) / (boot_l / args.replicates):.0f}× |",
    ]
    agree = (f"Same optimum: objective lmlab {float(lmlab['objective'][0]):.14g}, scipy "
             f"{float(scipy['objective'][0]):.14g}; A {float(lmlab['A'][0]):.7g} vs {float(scipy['A'][0]):.7g}, "
             f"alpha {float(lmlab['alpha'][0]):.7g} vs {float(scipy['alpha'][0]):.7g}.")
    report("scaling_bench.py", "\n".join(table) + f"\n\n{agree}", facts, RESULTS if args.write_results else None,
           "Scaling-law fitting")


if __name__ == "__main__":
    main()
