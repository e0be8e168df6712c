"""Execute the showcase notebooks once per test session and share the executed copies.

Several test modules check the same executed notebook (its claims, and that ``lmlab run`` gives
the same results); executing each notebook once keeps the suite's time in budget.
"""
from __future__ import annotations

import copy
import re
import shutil

import nbformat
from nbclient import NotebookClient

from kerneltools import KERNEL_NAME, REPO

NOTEBOOKS = REPO / "notebooks"
_executed: dict[str, nbformat.NotebookNode] = {}


def executed_notebook(name: str, cell_timeout: int = 300) -> nbformat.NotebookNode:
    """The notebook ``notebooks/<name>`` executed headless (cwd = notebooks/), no errors allowed."""
    if name not in _executed:
        if not _executed:
            # results files written by an earlier run (the main job, another test session) would be
            # refused by the notebooks' sweeps and studies, which create them without --resume
            shutil.rmtree(NOTEBOOKS / "output", ignore_errors=True)
            (NOTEBOOKS / "output").mkdir()
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
            f"{name}: commit notebooks without outputs"
        NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=cell_timeout, startup_timeout=60, allow_errors=False,
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        _executed[name] = nb
    return copy.deepcopy(_executed[name])


def cell(nb: nbformat.NotebookNode, fragment: str) -> nbformat.NotebookNode:
    """The first code cell whose source contains ``fragment``."""
    return next(c for c in nb.cells if c.cell_type == "code" and fragment in c.source)


def data(c: nbformat.NotebookNode) -> dict:
    """All MIME data a cell showed, merged (later outputs win)."""
    merged: dict = {}
    for out in c.outputs:
        merged.update(out.get("data", {}))
    return merged


def is_progress(output: dict) -> bool:
    return "<progress" in output.get("data", {}).get("text/html", "")


_DURATION = re.compile(r"\d+(\.\d+)?\s?(ms|s)\b")


def without_durations(text: str) -> str:
    """Text with elapsed times replaced, so two runs of the same work compare equal."""
    return _DURATION.sub("<time>", text)
