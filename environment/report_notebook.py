#!/usr/bin/env python3
"""Executes one notebook headless on a Jupyter kernel and writes its report (``lmlab report`` runs this).

Writes OUT/NAME.ipynb (the executed copy, with outputs, kept also when a cell fails) and OUT/NAME.html,
a self-contained page: images are inline (nbconvert writes them as data URIs) and the MathJax of the
PyPI package django-static-mathjax (tex-svg-full, which needs no font files) is written into the page,
so the report shows its formulas with no network. A cell error stops the run unless the cell is
tagged ``raises-exception``; the message names the cell by number and first line. Exit codes: 0 ran
cleanly, 1 a cell failed or the kernel died, 2 bad input (no such notebook, MathJax not installed).

    python environment/report_notebook.py NOTEBOOK --out DIR [--name NAME] [--cwd DIR] [--timeout S] [--kernel K]
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from importlib import resources
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).resolve().parent / "report_template"
MATHJAX_PACKAGE, MATHJAX_FILE = "mathjax", "static/mathjax/es5/tex-svg-full.js"
MATHJAX_FIX = "pip install --no-deps django-static-mathjax==3.2.2.1 (environment/setup.sh main installs it)"


class ReportInputError(Exception):
    """Bad input found before any cell runs."""


def mathjax_source() -> str:
    """MathJax's single-file TeX-to-SVG bundle, ready to stand inside a <script> element."""
    try:
        source = (resources.files(MATHJAX_PACKAGE) / MATHJAX_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise ReportInputError(f"MathJax is not installed ({e}); run: {MATHJAX_FIX}") from e
    return source.replace("</script", "<\\/script")


def first_line(cell: nbformat.NotebookNode) -> str:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return lines[0].strip() if lines else "(empty)"


def failing_cell(nb: nbformat.NotebookNode) -> str:
    """Names the first code cell with an error output that is not tagged raises-exception: its number
    among all cells (as JupyterLab lists them) and among code cells (as ``lmlab run`` counts), and its first line."""
    code_cells = 0
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        code_cells += 1
        if "raises-exception" in cell.metadata.get("tags", []):
            continue
        if any(o.output_type == "error" for o in cell.outputs):
            return f"cell {index} (code cell {code_cells}: {first_line(cell)})"
    return "a cell"


def html_report(nb: nbformat.NotebookNode, name: str, mathjax: str) -> str:
    exporter = HTMLExporter(template_name="lmlab-report", extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}, "lmlab_mathjax_js": mathjax})
    return body


def report(notebook: Path, out_dir: Path, name: str, cwd: Path, timeout: int, kernel: str | None) -> tuple[bool, str]:
    """Runs the notebook, writes NAME.ipynb and NAME.html into out_dir; (ok, one line saying what happened)."""
    if not notebook.is_file():
        raise ReportInputError(f"no notebook at {notebook}")
    mathjax = mathjax_source()  # before the kernel starts: a missing renderer is bad input
    nb = nbformat.read(notebook, as_version=4)
    kernel_name = kernel or nb.metadata.get("kernelspec", {}).get("name") or "lmlab"
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=timeout, startup_timeout=120,
                            allow_errors=False, resources={"metadata": {"path": str(cwd)}})
    ok, message = True, ""
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:  # an untagged cell failed: keep the partial notebook as evidence
        ok, message = False, f"{failing_cell(nb)} failed: {e.ename}: {e.evalue}"
    except (CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as e:
        ok, message = False, f"{type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001 - whatever it was, the partial report is still written
        ok, message = False, f"{type(e).__name__}: {e}\n{traceback.format_exc()}"
    elapsed = time.monotonic() - start
    nb.metadata.setdefault("lmlab", {})["executed"] = {"kernel": kernel_name, "seconds": round(elapsed, 2), "ok": ok}

    out_dir.mkdir(parents=True, exist_ok=True)
    executed_path, html_path = out_dir / f"{name}.ipynb", out_dir / f"{name}.html"
    nbformat.write(nb, executed_path)
    html_path.write_text(html_report(nb, name, mathjax), encoding="utf-8")
    status = "ok" if ok else f"FAILED ({message})"
    return ok, f"{name}.ipynb: {status} in {elapsed:.1f} s -> {executed_path}, {html_path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", type=Path, help="the notebook to execute (parameters already injected)")
    parser.add_argument("--out", type=Path, required=True, help="folder for NAME.ipynb and NAME.html")
    parser.add_argument("--name", help="report name (default: the notebook's file name without .ipynb)")
    parser.add_argument("--cwd", type=Path, help="folder the kernel runs in (default: the notebook's)")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell (default 1200)")
    parser.add_argument("--kernel", help="kernel name instead of the notebook's own")
    args = parser.parse_args(argv)
    notebook = args.notebook.resolve()
    try:
        ok, line = report(notebook, args.out.resolve(), args.name or notebook.stem,
                          (args.cwd or notebook.parent).resolve(), args.timeout, args.kernel)
    except ReportInputError as e:
        print(f"lmlab report: {e}", file=sys.stderr)
        return 2
    print(line, flush=True, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
