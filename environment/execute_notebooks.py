#!/usr/bin/env python3
"""Executes every notebooks/*.ipynb (sorted by name) headless with ``lmlab report`` and writes reports.

For each notebook NAME.ipynb, ``bin/lmlab report`` writes reports/NAME.ipynb (the executed copy, with
outputs) and reports/NAME.html (a self-contained HTML report: images inline, MathJax in the page)
and prints how long the kernel and cells took and where the files are; this script adds the whole time.
Each notebook runs on the lmlab
kernel (or --kernel), in its own directory, with a per-cell timeout. A cell error fails the
notebook unless the cell is tagged ``raises-exception``; the script exits non-zero if any notebook
failed, after trying them all.

    .venv/bin/python environment/execute_notebooks.py [--timeout 1200] [--kernel lmlab] [NOTEBOOK ...]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LMLAB = ROOT / "bin" / "lmlab"


def execute(path: Path, out_dir: Path, timeout: int, kernel: str | None) -> tuple[bool, str]:
    command = [str(LMLAB), "report", str(path), "--out", str(out_dir), "--timeout", str(timeout),
               "--venv", str(Path(sys.prefix))]
    if kernel:
        command += ["--name", kernel]
    start = time.monotonic()
    run = subprocess.run(command)  # its progress and its own result line go straight to this terminal
    elapsed = time.monotonic() - start
    if run.returncode == 0:  # lmlab report printed "NAME.ipynb: ok in S s -> files" (kernel start and cells)
        return True, f"{path.name}: report written in {elapsed:.1f} s in all (lmlab start-up and HTML included)"
    return False, f"{path.name}: FAILED (lmlab report exit code {run.returncode}) after {elapsed:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=1200,
                        help="seconds per cell (default 1200: training cells take minutes, more on a busy machine)")
    parser.add_argument("--kernel", help="kernelspec name instead of lmlab")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="output folder (default reports/)")
    args = parser.parse_args(argv)

    notebooks = sorted(args.notebooks) if args.notebooks else sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 1
    out_dir = args.out.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    # Notebooks write results files and models under notebooks/output/ and refuse to overwrite a
    # results file without --resume: each run of the job starts from an empty output folder.
    for path in {p.resolve().parent / "output" for p in notebooks}:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
    failed = []
    for path in notebooks:
        ok, line = execute(path.resolve(), out_dir, args.timeout, args.kernel)
        print(line, flush=True)
        if not ok:
            failed.append(path.name)
    print(f"reports in {out_dir}: {len(notebooks) - len(failed)} of {len(notebooks)} notebooks ran cleanly")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
