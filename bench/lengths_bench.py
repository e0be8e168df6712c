#!/usr/bin/env python3
"""Response-length statistics and fits on every CASTILLO (model, dataset) group: lmlab next to numpy/scipy.

One run times, for all 91 groups (950-2,000 lengths each), the statistics (mean, both SDs, four linear
quantiles) and each family's maximum-likelihood fit with its log-likelihood and KS statistic:

* lmlab: org.lmlab.lengths.bench.LengthsBench in a JVM (best of --java-repeats after a warm-up pass; the JIT
  needs a few passes, so one is not enough);
* Python: numpy for the statistics; scipy.stats ``fit(x, floc=0)`` + ``logpdf`` + ``kstest`` for exponential,
  lognormal, gamma and Weibull; the negative binomial by ``optimize.minimize_scalar`` on the profile
  likelihood with ``nbinom.logpmf`` (scipy has no discrete ``fit`` MLE); the lognormal mixture by
  scikit-learn ``GaussianMixture(2, n_init=10, tol=1e-10)`` on log lengths (best of --repeats; the mixture
  alone takes many minutes on a loaded machine, hence the default of 1).

Prints a Markdown table (seconds for all groups, ratio Python / lmlab) and the command.

    .venv/bin/python bench/lengths_bench.py [--repeats 1] [--java-repeats 5]

Needs ``mvn -B -o -q -pl lib test-compile`` first: LengthsBench lives with the other benchmarks in lib's test
sources (it reads lib/target/classes and lib/target/test-classes and asks Maven for the class path).
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import optimize, stats
from sklearn.mixture import GaussianMixture

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "datasets" / "castillo" / "castillo_test.jsonl"


def groups() -> list[np.ndarray]:
    by: dict[tuple[str, str], list[int]] = {}
    with open(DATA) as f:
        for line in f:
            r = json.loads(line)
            by.setdefault((r["model"], r["dataset"]), []).extend(r["output_sizes"])
    return [np.sort(np.asarray(v, dtype=float)) for v in by.values()]


def stats_task(x: np.ndarray) -> float:
    return float(x.mean() + x.std() + x.std(ddof=1) + np.quantile(x, [0.25, 0.5, 0.75, 0.99]).sum())


def continuous(name: str):
    dist = getattr(stats, name)

    def task(x: np.ndarray) -> float:
        params = dist.fit(x, floc=0)
        return float(dist.logpdf(x, *params).sum() + stats.kstest(x, name, args=params).statistic)
    return task


def nbinom_task(x: np.ndarray) -> float:
    m = x.mean()
    nll = lambda lr: -stats.nbinom.logpmf(x, np.exp(lr), np.exp(lr) / (np.exp(lr) + m)).sum()
    r0 = np.log(m * m / (x.var() - m))
    res = optimize.minimize_scalar(nll, bracket=(r0 - 1, r0 + 1), method="brent", options={"xtol": 1e-12})
    r = np.exp(res.x)
    return float(-res.fun + stats.kstest(x, stats.nbinom(r, r / (r + m)).cdf).statistic)


def mixture_task(x: np.ndarray) -> float:
    y = np.log(x)[:, None]
    gm = GaussianMixture(2, tol=1e-10, max_iter=5000, n_init=10, random_state=0, reg_covar=1e-6).fit(y)
    return float(gm.score(y) * len(y) - y.sum())


TASKS = {"stats": stats_task, "exponential": continuous("expon"), "lognormal": continuous("lognorm"),
         "gamma": continuous("gamma"), "weibull": continuous("weibull_min"), "negative_binomial": nbinom_task,
         "lognormal_mixture": mixture_task}


def time_python(data: list[np.ndarray], repeats: int) -> dict[str, float]:
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, task in TASKS.items():
            best = float("inf")
            for _ in range(repeats):
                t0 = time.perf_counter()
                for x in data:
                    task(x)
                best = min(best, time.perf_counter() - t0)
            out[name] = best
    return out


def time_java(repeats: int) -> dict[str, float]:
    cp_file = ROOT / "lib" / "target" / "bench-classpath.txt"
    subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib", "dependency:build-classpath",
                    f"-Dmdep.outputFile={cp_file}"], cwd=ROOT, check=True)
    tests = ROOT / "lib" / "target" / "test-classes"
    if not (tests / "org" / "lmlab" / "lengths" / "bench" / "LengthsBench.class").exists():
        sys.exit("LengthsBench is not compiled: run  mvn -B -o -q -pl lib test-compile")
    cp = ":".join([str(ROOT / "lib" / "target" / "classes"), str(tests), cp_file.read_text().strip()])
    out = subprocess.run(["java", "-cp", cp, "org.lmlab.lengths.bench.LengthsBench", str(DATA), str(repeats)],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=1, help="Python passes (best of)")
    ap.add_argument("--java-repeats", type=int, default=5, help="JVM passes after one warm-up (best of)")
    args = ap.parse_args()
    data = groups()
    java = time_java(args.java_repeats)
    python = time_python(data, args.repeats)
    print(f"All {len(data)} CASTILLO (model, dataset) groups, {sum(len(x) for x in data):,} lengths; "
          f"best of {args.java_repeats} (lmlab) and {args.repeats} (Python); seconds for all groups.\n")
    print("| task | lmlab (s) | numpy/scipy/sklearn (s) | Python / lmlab |")
    print("| --- | ---: | ---: | ---: |")
    for name in TASKS:
        print(f"| {name} | {java[name]:.4f} | {python[name]:.4f} | {python[name] / java[name]:.1f}x |")
    print(f"\nCommand: `{shlex.join([Path(sys.executable).name, 'bench/lengths_bench.py'] + sys.argv[1:])}`")


if __name__ == "__main__":
    main()
