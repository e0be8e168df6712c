#!/usr/bin/env python3
"""Reading tables: lmlab next to pyarrow and pandas, in the same run, on the same files.

Generates (seeded) one table of mixed column types, like a real result table:

    id int64 · step int32 · loss float64 (1 % nulls) · ok bool · model utf8 (short, 1000
    distinct) · at timestamp[us]

and writes it with pyarrow's defaults as

* an Arrow IPC file (``pyarrow.ipc.new_file(...).write_table``: one record batch per table chunk),
* a Feather v2 file (``pyarrow.feather.write_feather``: LZ4, 64 Ki-row record batches),
* a Parquet file (``pyarrow.parquet.write_table``: Snappy, dictionary encoding),
* a CSV file of the first --csv-rows rows (``pyarrow.csv.write_csv``).

Each file is then read --repeats times (default 7) by

* lmlab: ``org.lmlab.table.bench.TableReadBench`` (lib test sources), all reads in one JVM, so
  the first reads include JIT warm-up;
* pyarrow: ``pyarrow.ipc.open_file(...).read_all()``, ``pyarrow.feather.read_table``,
  ``pyarrow.parquet.read_table``, ``pyarrow.csv.read_csv``;
* pandas: ``read_feather``, ``read_parquet``, ``read_csv(parse_dates=["at"])``,

and the best and the median read are reported, with the ratios "x times faster than lmlab"
(pyarrow median / lmlab median, pandas median / lmlab median: above 1 means lmlab is faster).
Every reader must return the same row count. The data lives in a temporary directory that is
deleted afterwards (--keep keeps it).

    .venv/bin/python bench/table_bench.py [--rows 10000000] [--csv-rows 1000000] [--repeats 5]
                                          [--write-results [bench/table-results.md]]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "table-results.md"
SECTION = "Reading tables: lmlab, pyarrow, pandas"
JAVA_MAIN = "org.lmlab.table.bench.TableReadBench"
JVM_FLAGS = ["--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx8g"]


# ---------------------------------------------------------------- data

def make_table(rows: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    names = pa.array([f"model-{k:03d}" for k in range(1000)])
    codes = pa.array(rng.integers(0, len(names), rows, dtype=np.int32))
    loss = rng.gamma(2.0, 0.5, rows)
    start = np.datetime64("2024-01-01T00:00:00", "us").astype(np.int64)
    micros = start + np.sort(rng.integers(0, 365 * 86_400 * 10**6, rows))
    return pa.table({
        "id": pa.array(np.arange(rows, dtype=np.int64)),
        "step": pa.array(rng.integers(0, 100_000, rows, dtype=np.int32)),
        "loss": pa.array(loss, mask=rng.random(rows) < 0.01),
        "ok": pa.array(rng.random(rows) < 0.5),
        "model": pa.DictionaryArray.from_arrays(codes, names).cast(pa.string()),
        "at": pa.array(micros, type=pa.timestamp("us")),
    })


@dataclass
class Case:
    label: str       # row label in the table
    fmt: str         # lmlab TableFormat name
    path: Path
    rows: int
    pyarrow: callable
    pandas: callable
    note: str = ""


def write_files(folder: Path, rows: int, csv_rows: int, seed: int) -> list[Case]:
    table = make_table(rows, seed)
    arrow = folder / "table.arrow"
    with ipc.new_file(arrow, table.schema) as writer:
        writer.write_table(table)
    fea = folder / "table.feather"
    feather.write_feather(table, fea)
    parquet = folder / "table.parquet"
    pq.write_table(table, parquet)
    csv = folder / "table.csv"
    pacsv.write_csv(table.slice(0, csv_rows), csv)
    arrow_batches = ipc.open_file(arrow).num_record_batches
    feather_batches = ipc.open_file(fea).num_record_batches
    parquet_groups = pq.ParquetFile(parquet).metadata.num_row_groups
    del table
    gc.collect()
    return [
        Case("Arrow IPC file", "arrow", arrow, rows,
             lambda p: ipc.open_file(p).read_all(), pd.read_feather,
             f"uncompressed, {arrow_batches} record batch(es)"),
        Case("Feather v2 (LZ4)", "feather", fea, rows,
             feather.read_table, pd.read_feather,
             f"LZ4 frame, {feather_batches} record batches"),
        Case("Parquet", "parquet", parquet, rows,
             pq.read_table, pd.read_parquet,
             f"Snappy, dictionary, {parquet_groups} row group(s)"),
        Case("CSV", "csv", csv, csv_rows,
             pacsv.read_csv, lambda p: pd.read_csv(p, parse_dates=["at"]),
             "header, quoted strings; pandas parses `at` as dates"),
    ]


# ---------------------------------------------------------------- timing

@dataclass
class Timing:
    times: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def time_python(read, path: Path, repeats: int, expected_rows: int, who: str) -> Timing:
    timing = Timing()
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = read(path)
        timing.times.append(time.perf_counter() - t0)
        got = result.num_rows if hasattr(result, "num_rows") else len(result)
        if got != expected_rows:
            sys.exit(f"{who} read {got} rows from {path}, expected {expected_rows}")
        del result
    return timing


def classpath() -> str:
    """lib's test classpath: its classes, test classes and dependencies (built offline)."""
    out = ROOT / "lib" / "target" / "bench.classpath"
    subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib", "dependency:build-classpath",
                    f"-Dmdep.outputFile={out}"], cwd=ROOT, check=True)
    deps = out.read_text().strip()
    return os.pathsep.join([str(ROOT / "lib" / "target" / "classes"),
                            str(ROOT / "lib" / "target" / "test-classes"), deps])


def java_command(cp: str, case: Case, repeats: int) -> list[str]:
    return ["java", *JVM_FLAGS, "-cp", cp, JAVA_MAIN, case.fmt, str(case.path), str(repeats)]


def time_lmlab(cp: str, case: Case, repeats: int) -> Timing:
    done = subprocess.run(java_command(cp, case, repeats), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"lmlab failed reading {case.path}:\n{done.stderr}")
    timing = Timing()
    for line in done.stdout.splitlines():
        if line.startswith("read "):
            _, seconds, rows, _ = line.split()
            if int(rows) != case.rows:
                sys.exit(f"lmlab read {rows} rows from {case.path}, expected {case.rows}")
            timing.times.append(float(seconds))
    return timing


# ---------------------------------------------------------------- report

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores ({cpu}), load average {load:.1f} at the start; {java}; "
            f"Python {platform.python_version()}, pyarrow {pa.__version__}, pandas {pd.__version__}, "
            f"numpy {np.__version__}; {dt.date.today().isoformat()}")


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def report(cases: list[Case], results: dict, command: str, facts: str, repeats: int) -> str:
    lines = [
        f"## {SECTION}",
        "",
        f"Best / median of {repeats} reads of each file; lmlab's reads all run in one JVM, so its "
        "first reads include JIT warm-up (the median is the fairer figure, the best the warm one). "
        "Ratios divide the other reader's time by lmlab's, best by best and median by median: above 1, "
        "lmlab is faster. Goal (issue 4): ≥ 0.8 against pyarrow, ≥ 2 against pandas.",
        "",
        "| file | rows | size | lmlab best / median | pyarrow best / median | pandas best / median "
        "| pyarrow ÷ lmlab (best / median) | pandas ÷ lmlab (best / median) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        ours, arrow, panda = results[case.label]
        size = case.path.stat().st_size / 2**20
        lines.append(
            f"| {case.label} ({case.note}) | {case.rows:,} | {size:,.0f} MiB "
            f"| {fmt(ours.best)} / {fmt(ours.median)} | {fmt(arrow.best)} / {fmt(arrow.median)} "
            f"| {fmt(panda.best)} / {fmt(panda.median)} "
            f"| {arrow.best / ours.best:.2f} / {arrow.median / ours.median:.2f} "
            f"| {panda.best / ours.best:.2f} / {panda.median / ours.median:.2f} |")
    lines += [
        "",
        "Columns: id int64, step int32, loss float64 (1 % nulls), ok bool, model utf8 (1000 distinct "
        "short strings), at timestamp[us]; seeded, written by pyarrow with its defaults.",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {facts}",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20240)
    parser.add_argument("--only", nargs="*", help="file labels' lmlab formats to run (arrow feather parquet csv)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files (their folder is printed)")
    parser.add_argument("--no-build", action="store_true", help="skip `mvn -pl lib test-compile`")
    parser.add_argument("--write-results", nargs="?", const=str(RESULTS), metavar="PATH",
                        help=f"write the section to PATH (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args()
    command = " ".join(shlex.quote(a) for a in [".venv/bin/python", "bench/table_bench.py", *sys.argv[1:]])
    facts = machine()

    if not args.no_build:
        subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib", "test-compile"], cwd=ROOT, check=True)
    cp = classpath()

    folder = Path(tempfile.mkdtemp(prefix="lmlab-table-bench-"))
    try:
        print(f"writing {args.rows:,} rows into {folder} ...", file=sys.stderr)
        cases = write_files(folder, args.rows, args.csv_rows, args.seed)
        if args.only:
            cases = [c for c in cases if c.fmt in args.only]
        results = {}
        for case in cases:
            print(f"reading {case.label} ...", file=sys.stderr)
            ours = time_lmlab(cp, case, args.repeats)
            arrow = time_python(case.pyarrow, case.path, args.repeats, case.rows, "pyarrow")
            panda = time_python(case.pandas, case.path, args.repeats, case.rows, "pandas")
            results[case.label] = (ours, arrow, panda)
        text = report(cases, results, command, facts, args.repeats)
        print(text)
        if args.write_results:
            Path(args.write_results).write_text(text)
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
