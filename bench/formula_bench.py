#!/usr/bin/env python3
"""Custom-formula fits: the Chinchilla law written as a formula next to the built-in law and scipy.

On the 240 Chinchilla replication runs (datasets/chinchilla, 5 highest losses dropped), in one run:

* lmlab built-in: ChinchillaLaw (log coordinates a, b, e, alpha, beta; closed-form gradient) from the
  --grid (sub: the tests' 243-point sub-grid; full: the replication's 4,500 points);
* lmlab formula "E + A/N^alpha + B/D^beta" (natural coordinates, exact reverse-mode gradient of the
  parsed formula) from its default starts (3^5 = 243);
* lmlab formula "exp(e) + exp(a)/N^alpha + exp(b)/D^beta" from the built-in grid's starts;
* scipy L-BFGS-B on the built-in law (chinchilla_scipy.py, same grid) and on the natural formula
  (law_scipy.py "formula-chinchilla", hand-written numpy gradient, the formula's 243 starts).

lmlab times are of a second fit after an untimed one (JIT). Prints a markdown table and the exact
command; --write-results writes it with machine facts to bench/formula-results.md.

    mvn -B -o -q -pl lib test-compile     # once: lib classes + FormulaBench
    .venv/bin/python bench/formula_bench.py [--grid sub|full]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling_bench import (CSV, GRIDS, RESOURCES, ROOT, classpath, key_values, machine, report,  # noqa: E402
                           run_scipy_fit, write_replication_csv)

RESULTS = ROOT / "bench" / "formula-results.md"
PARAMS = ["A", "B", "E", "alpha", "beta"]


def run_lmlab(grid: str) -> dict[str, list[str]]:
    cmd = ["java", "-cp", classpath(), "org.lmlab.scaling.bench.FormulaBench", str(CSV), grid]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("FormulaBench failed:\n" + done.stderr)
    return key_values(done.stdout)


def run_scipy_formula(starts: list[str]) -> tuple[float, dict[str, float], float]:
    """scipy fit of the natural formula from the same starts: seconds, parameters, objective."""
    tmp = Path(tempfile.mkdtemp())
    write_replication_csv(tmp / "data.csv")
    (tmp / "starts.txt").write_text("\n".join(starts) + "\n")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, str(RESOURCES / "law_scipy.py"), "formula-chinchilla", str(tmp / "data.csv"),
                          str(tmp / "starts.txt"), "1e-3", "-", "-"], check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - t0
    theta_part, objective_part = out.strip().split(": ", 1)[1].split(" ")
    E, A, alpha, B, beta = (float(v) for v in theta_part.split("=", 1)[1].split(","))
    return seconds, {"A": A, "B": B, "E": E, "alpha": alpha, "beta": beta}, float(objective_part.split("=", 1)[1])


def rel(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--grid", choices=GRIDS, default="sub")
    p.add_argument("--write-results", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    args = p.parse_args()
    facts = machine()
    lm = run_lmlab(args.grid)
    scipy_builtin = run_scipy_fit(args.grid)
    scipy_seconds, scipy_params, scipy_objective = run_scipy_formula(lm["natural_start"])

    def value(key: str) -> float:
        return float(lm[key][0])

    reference = {k: value("builtin_" + k) for k in PARAMS}
    log_natural = {"A": np.exp(value("log_a")), "B": np.exp(value("log_b")), "E": np.exp(value("log_e")),
                   "alpha": value("log_alpha"), "beta": value("log_beta")}
    rows = [
        ("lmlab built-in law", int(value("builtin_starts")), value("builtin_seconds"), reference,
         value("builtin_objective")),
        ("lmlab formula `E + A/N^alpha + B/D^beta`", int(value("natural_starts")), value("natural_seconds"),
         {k: value("natural_" + k) for k in PARAMS}, value("natural_objective")),
        ("lmlab formula `exp(e) + exp(a)/N^alpha + exp(b)/D^beta`", int(value("log_starts")), value("log_seconds"),
         log_natural, value("log_objective")),
        ("scipy built-in law (chinchilla_scipy.py)", int(value("builtin_starts")), float(scipy_builtin["seconds"][0]),
         {k: float(scipy_builtin[k][0]) for k in PARAMS}, float(scipy_builtin["objective"][0])),
        ("scipy formula `E + A/N^alpha + B/D^beta` (law_scipy.py)", len(lm["natural_start"]), scipy_seconds,
         scipy_params, scipy_objective),
    ]
    table = ["| fit | starts | time | objective | max relative difference of A, B, E, α, β from the built-in |",
             "|---|---|---|---|---|"]
    for name, starts, seconds, params, objective in rows:
        worst = max(rel(params[k], reference[k]) for k in PARAMS)
        table.append(f"| {name} | {starts} | {seconds:.2f} s | {objective:.15g} | {worst:.1e} |")
    report("formula_bench.py", "\n".join(table), facts, RESULTS if args.write_results else None,
           "Custom formulas: the Chinchilla law as a formula vs the built-in law and scipy")


if __name__ == "__main__":
    main()
