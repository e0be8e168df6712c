#!/usr/bin/env python3
"""Executes every notebooks/*.ipynb (sorted by name) headless and writes reports.

For each notebook NAME.ipynb it writes reports/NAME.ipynb (the executed copy, with outputs) and
reports/NAME.html (nbconvert's HTML export), then prints where they are. Each notebook runs on
the kernel named in its own metadata (or --kernel), in its own directory, with a per-cell
timeout. A cell error fails the notebook unless the cell is tagged ``raises-exception``; the
script exits non-zero if any notebook failed, after trying them all.

    .venv/bin/python environment/execute_notebooks.py [--timeout 1200] [--kernel lmlab] [NOTEBOOK ...]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
import traceback
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]


def failing_cell(nb: nbformat.NotebookNode) -> str:
    """Names the first code cell with an error output that is not tagged raises-exception."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        if any(o.output_type == "error" for o in cell.outputs):
            return f"cell {index} (id {cell.get('id', '?')})"
    return "a cell"


def execute(path: Path, out_dir: Path, timeout: int, kernel: str | None) -> tuple[bool, str]:
    nb = nbformat.read(path, as_version=4)
    kernel_name = kernel or nb.metadata.get("kernelspec", {}).get("name") or "lmlab"
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=timeout, startup_timeout=120,
                            allow_errors=False, resources={"metadata": {"path": str(path.parent)}})
    ok, message = True, ""
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:  # an untagged cell failed: keep the partial notebook as evidence
        ok, message = False, f"{failing_cell(nb)}: {e.ename}: {e.evalue}"
    except (CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as e:
        ok, message = False, f"{type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001 - report anything and go on with the next notebook
        ok, message = False, f"{type(e).__name__}: {e}\n{traceback.format_exc()}"
    elapsed = time.monotonic() - start
    nb.metadata.setdefault("lmlab", {})["executed"] = {"kernel": kernel_name, "seconds": round(elapsed, 2), "ok": ok}

    executed_path = out_dir / path.name
    nbformat.write(nb, executed_path)
    body, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    html_path = out_dir / f"{path.stem}.html"
    html_path.write_text(body, encoding="utf-8")
    status = "ok" if ok else f"FAILED ({message})"
    return ok, f"{path.name}: {status} in {elapsed:.1f} s -> {executed_path}, {html_path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=1200,
                        help="seconds per cell (default 1200: training cells take minutes, more on a busy machine)")
    parser.add_argument("--kernel", help="kernel name to use instead of each notebook's own")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="output folder (default reports/)")
    args = parser.parse_args(argv)

    notebooks = sorted(args.notebooks) if args.notebooks else sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not notebooks:
        print("no notebooks found", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    # Notebooks write results files and models under notebooks/output/ and refuse to overwrite a
    # results file without --resume: each run of the job starts from an empty output folder.
    for path in {p.resolve().parent / "output" for p in notebooks}:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
    failed = []
    for path in notebooks:
        ok, line = execute(path.resolve(), args.out, args.timeout, args.kernel)
        print(line, flush=True)
        if not ok:
            failed.append(path.name)
    print(f"reports in {args.out}: {len(notebooks) - len(failed)} of {len(notebooks)} notebooks ran cleanly")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
