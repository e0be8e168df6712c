"""notebooks/01-tables-and-plots.ipynb executes headless with the lmlab kernel and shows what it claims."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kerneltools import IS_PYTHON
from notebooks import cell, data, executed_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "01-tables-and-plots.ipynb"

pytestmark = [pytest.mark.timeout(240), pytest.mark.skipif(IS_PYTHON, reason="a Java notebook")]


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    return executed_notebook(NOTEBOOK.name)


def test_table_loads_and_displays(executed):
    shown = data(cell(executed, "%table load"))
    assert "245 rows" in shown["text/plain"] and "<table" in shown["text/html"]
    assert "245 runs" in data(cell(executed, "runs.rowCount()"))["text/plain"]
    assert "loss" in data(cell(executed, "%table schema"))["text/plain"]


def test_sql_result(executed):
    shown = data(cell(executed, "%%sql -o largest"))
    assert "8 rows" in shown["text/plain"] and "tokens_per_param" in shown["text/html"]


def test_plots_show_png_and_svg(executed):
    for fragment in ("%plot scatter", "%plot histogram", "Plot.ecdf()"):
        shown = data(cell(executed, fragment))
        assert "image/png" in shown and "image/svg+xml" in shown, fragment


def test_saved_parquet_reads_back_in_pyarrow(executed):
    import pyarrow.parquet as pq
    table = pq.read_table(ROOT / "notebooks" / "output" / "largest-runs.parquet")
    assert table.num_rows == 8 and "tokens_per_param" in table.column_names
