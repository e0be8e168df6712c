"""``lmlab run`` executes a notebook from the command line with the same results as Jupyter.

The showcase notebooks are run both ways: by nbclient through the real kernel, and by
``bin/lmlab run`` in a plain process. Every cell's results (text/plain, with elapsed times
masked) and the MIME types it showed must be the same, in the same order; progress bars are
not results.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from kerneltools import IS_PYTHON, REPO
from notebooks import NOTEBOOKS, executed_notebook, is_progress, without_durations

pytestmark = [pytest.mark.timeout(600), pytest.mark.skipif(IS_PYTHON, reason="runs Java notebooks")]

LMLAB = REPO / "bin" / "lmlab"
SHOWCASES = ["01-tables-and-plots.ipynb", "10-scaling-laws.ipynb", "11-scaling-families.ipynb", "20-response-lengths.ipynb", "30-models.ipynb",
             "40-extrapolation-methods.ipynb"]
# 21-sampling-lengths, 41-length-extrapolation and 50-positional-encoding-study are left out: their tables show
# each sample's tokens/s or each cell's or run's measured seconds, which differ between any two runs;
# test_showcase_notebooks checks their numbers from the results files.


def notebook_results(nb) -> list[tuple[int, str, tuple[str, ...], str]]:
    results = []
    number = 0
    for c in nb.cells:
        if c.cell_type != "code" or not c.source.strip():
            continue
        number += 1
        for out in c.outputs:
            if out.output_type in ("execute_result", "display_data") and not is_progress(out):
                kind = "result" if out.output_type == "execute_result" else "display"
                results.append((number, kind, tuple(sorted(out.data)), without_durations(out.data["text/plain"])))
    return results


def cli_results(report: list[dict]) -> list[tuple[int, str, tuple[str, ...], str]]:
    return [(o["cell"], o["kind"], tuple(sorted(o["mimeTypes"])), without_durations(o["text"])) for o in report]


@pytest.mark.parametrize("name", SHOWCASES)
def test_command_line_run_matches_the_notebook(name, tmp_path):
    report = tmp_path / "report.json"
    run = subprocess.run([str(LMLAB), "run", name, "--report", str(report), "--out", str(tmp_path / "out")],
                         cwd=NOTEBOOKS, capture_output=True, text=True, timeout=540)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "WARNING" not in run.stderr, run.stderr
    outputs = cli_results(json.loads(report.read_text()))
    assert outputs == notebook_results(executed_notebook(name))
    # Every chart was written as a file the user can open.
    charts = sum(1 for o in outputs if "image/png" in o[2])
    assert len(list((tmp_path / "out").glob("*.png"))) == charts


def test_failing_cell_names_the_file_and_cell_and_stops(tmp_path):
    script = tmp_path / "steps.lmlab"
    script.write_text('int kept = 7;\n// %%\nundefinedName + 1\n// %%\n"not reached"\n')
    run = subprocess.run([str(LMLAB), "run", str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert f"{script}, cell 2 (line 3):" in run.stderr and "cannot find symbol" in run.stderr
    assert "not reached" not in run.stdout


def test_missing_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "nope.ipynb"
    run = subprocess.run([str(LMLAB), "run", str(missing)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and f"lmlab: {missing}: cannot read" in run.stderr
