"""notebooks/00-quickstart.ipynb runs headless with nbclient on the lmlab kernel and shows what
its text promises: values, printed output, rich displays, an updated display, magic output and
a tagged error cell followed by a cell that still sees earlier variables."""
from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from kerneltools import IS_PYTHON, KERNEL_NAME, REPO, strip_ansi

NOTEBOOK = REPO / "notebooks" / "00-quickstart.ipynb"
CELL_TIMEOUT_S = 60
TOTAL_BUDGET_S = 30

pytestmark = pytest.mark.skipif(IS_PYTHON, reason="the quickstart notebook is Java")


def test_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec == {"name": "lmlab", "display_name": "lmlab (Java)", "language": "java"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"cell {cell.id} has outputs"


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> tuple[nbformat.NotebookNode, float]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("quickstart")
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT_S, startup_timeout=60,
                            allow_errors=False, resources={"metadata": {"path": str(workdir)}})
    start = time.monotonic()
    client.execute()
    return nb, time.monotonic() - start


def cell_with(nb, fragment: str):
    matches = [c for c in nb.cells if c.cell_type == "code" and fragment in c.source]
    assert len(matches) == 1, f"{len(matches)} code cells contain {fragment!r}"
    return matches[0]


def result_text(cell) -> str:
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert len(results) == 1, cell.outputs
    return results[0].data["text/plain"]


def stdout(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def all_text(cell) -> str:
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.extend(str(v) for v in o.data.values())
        elif o.output_type == "error":
            parts.extend([o.ename, o.evalue] + [strip_ansi(t) for t in o.traceback])
    return "\n".join(parts)


@pytest.mark.timeout(180)
def test_runs_quickly(executed):
    _, seconds = executed
    assert seconds < TOTAL_BUDGET_S, f"the quickstart took {seconds:.1f} s to execute (budget {TOTAL_BUDGET_S} s)"


@pytest.mark.timeout(180)
def test_values(executed):
    nb, _ = executed
    assert result_text(cell_with(nb, "x * y")) == "42"
    assert result_text(cell_with(nb, "square(12)")) == "144"
    assert result_text(cell_with(nb, "new Point(3, 4).norm()")) == "5.0"
    assert result_text(cell_with(nb, "x + y")) == "13", "state is lost after the error cell"


@pytest.mark.timeout(180)
def test_printed_output(executed):
    nb, _ = executed
    assert stdout(cell_with(nb, 'System.out.println("step "')) == "step 1: 1\nstep 2: 4\nstep 3: 9\n"


@pytest.mark.timeout(180)
def test_rich_displays(executed):
    nb, _ = executed
    cell = cell_with(nb, "Content.markdown(")
    displays = [o for o in cell.outputs if o.output_type == "display_data"]
    assert len(displays) == 3, cell.outputs
    html, markdown, svg = displays
    assert "<b>bold</b>" in html.data["text/html"]
    assert "**Markdown**" in markdown.data["text/markdown"]
    assert "<svg" in svg.data["image/svg+xml"] and "lmlab" in svg.data["image/svg+xml"]
    for d in displays:
        assert "text/plain" in d.data, f"no text/plain fallback in {sorted(d.data)}"


@pytest.mark.timeout(180)
def test_display_updated_in_place(executed):
    nb, _ = executed
    cell = cell_with(nb, 'updateDisplay("status"')
    displays = [o for o in cell.outputs if o.output_type == "display_data"]
    assert len(displays) == 1, cell.outputs
    assert "<b>done:</b> sum = 500500" in displays[0].data["text/html"]


@pytest.mark.timeout(180)
def test_magics(executed):
    nb, _ = executed
    listing = all_text(cell_with(nb, "%lsmagic"))
    for name in ("%lsmagic", "%time", "%%time", "%classpath", "%maven"):
        assert name in listing, f"{name} not in %lsmagic output:\n{listing}"
    timed = stdout(cell_with(nb, "%%time"))
    assert "total = 2999997" in timed
    assert "Wall time:" in timed


@pytest.mark.timeout(180)
def test_error_cell(executed):
    nb, _ = executed
    cell = cell_with(nb, 'Integer.parseInt("forty-two")')
    assert "raises-exception" in cell.metadata.get("tags", [])
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, cell.outputs
    error = errors[0]
    assert error.ename == "NumberFormatException"
    assert "forty-two" in error.evalue
    assert any("Cell In[" in strip_ansi(line) for line in error.traceback), error.traceback


@pytest.mark.timeout(180)
def test_execution_counts_in_order(executed):
    nb, _ = executed
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), counts
