"""``lmlab report``: a notebook executed headless on the lmlab kernel into NAME.ipynb and a
self-contained NAME.html.

* The HTML opens in headless Chromium with the network cut off (every request that is not file: or
  data: is aborted and recorded): every image loads, and MathJax, written into the page, typesets
  the inline and display formulas (its MathML for screen readers is compared with the TeX's
  structure). Screenshot: target/browser/report-math.png.
* The same parameters give the same numbers, another seed other ones: the draws are checked against
  java.util.Random's documented generator, computed in Python (test_parameters.java_random_next_long).
* Bad input stops before any kernel starts; an untagged failing cell stops the run and is named.
"""
from __future__ import annotations

import re
import subprocess

import nbformat
import pytest

from kerneltools import IS_PYTHON, REPO
from test_parameters import NOTEBOOK as PARAMETERS_NOTEBOOK, draw, java_random_next_long, printed

pytestmark = [pytest.mark.timeout(300), pytest.mark.skipif(IS_PYTHON, reason="runs Java notebooks")]

LMLAB = REPO / "bin" / "lmlab"
SHOTS = REPO / "target" / "browser"
KERNELSPEC = {"name": "lmlab", "display_name": "lmlab (Java)", "language": "java"}
PNG_CELL = ("var img = new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
            "img.getGraphics().fillRect(5, 5, 10, 10);\n"
            "var bytes = new java.io.ByteArrayOutputStream();\n"
            "javax.imageio.ImageIO.write(img, \"png\", bytes);\n"
            "display(Content.png(bytes.toByteArray()));")
INLINE_TEX, DISPLAY_TEX = r"e^{i\pi} + 1 = 0", r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}"


def report(notebook, out, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(LMLAB), "report", str(notebook), "--out", str(out), *args],
                          capture_output=True, text=True, timeout=280)


def write_notebook(path, *cells) -> None:
    nbformat.write(nbformat.v4.new_notebook(cells=list(cells), metadata={"kernelspec": KERNELSPEC}), path)


def test_report_renders_math_and_images_offline_in_chromium(tmp_path, chromium_path):
    notebook = tmp_path / "math.ipynb"
    write_notebook(notebook,
                   nbformat.v4.new_markdown_cell(f"Inline ${INLINE_TEX}$ and a display:\n\n$${DISPLAY_TEX}$$"),
                   nbformat.v4.new_code_cell(PNG_CELL))
    run = report(notebook, tmp_path / "out")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    html_path = tmp_path / "out" / "math.html"
    html = html_path.read_text(encoding="utf-8")
    # nothing in the page asks for a remote script, style sheet or image
    assert not re.findall(r"<(?:script|img|link|iframe)\b[^>]*(?:src|href)=\"(?:https?:)?//", html)

    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()

            def offline(route):
                if route.request.url.startswith(("file:", "data:")):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", offline)
            page.goto(html_path.as_uri())
            page.wait_for_function("document.querySelectorAll('mjx-container svg').length >= 2", timeout=60_000)
            page.wait_for_function("[...document.images].every(i => i.complete)", timeout=30_000)
            images = page.eval_on_selector_all("img", "els => els.map(i => [i.naturalWidth, i.naturalHeight])")
            math = page.eval_on_selector_all(
                "mjx-container", "els => els.map(e => [e.getAttribute('display'), "
                                 "(e.querySelector('mjx-assistive-mml') || e).innerHTML])")
            markdown_text = page.inner_text(".jp-MarkdownCell")
            page.screenshot(path=str(SHOTS / "report-math.png"), full_page=True)
        finally:
            browser.close()

    assert blocked == []
    assert images == [[40, 20]]  # the PNG the cell drew, at its size
    assert [display for display, _ in math] == [None, "true"]  # one inline, one display formula
    inline_mml, display_mml = (mml for _, mml in math)
    # the TeX's structure: e to the power i*pi; a sum with limits over a fraction
    assert "<msup>" in inline_mml and "<mi>π</mi>" in inline_mml
    assert "<munderover>" in display_mml and "<mfrac>" in display_mml and "<mo data-mjx-texclass=\"OP\">∑</mo>" in display_mml
    assert "$" not in markdown_text and "\\frac" not in markdown_text


def test_same_parameters_same_numbers_another_seed_other_numbers(tmp_path):
    draws = {}
    for label, seed in (("a", 7), ("b", 7), ("c", 8)):
        run = report(PARAMETERS_NOTEBOOK, tmp_path / label, "--param", f"seed={seed}", "--param", "sizes=3,4")
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        nb = nbformat.read(tmp_path / label / "parameters.ipynb", as_version=4)
        assert "injected-parameters" in nb.cells[2].metadata.tags and f"seed = {seed}" in nb.cells[2].source
        text = printed(nb)
        assert f"seed={seed} " in text and "sizes=[3, 4] total=7" in text
        draws[label] = draw(text)
        assert f"draw={draws[label]}" in (tmp_path / label / "parameters.html").read_text(encoding="utf-8")
    assert draws["a"] == draws["b"] == java_random_next_long(7)
    assert draws["c"] == java_random_next_long(8) != draws["a"]


@pytest.mark.parametrize("args, message", [
    (["--param", "sed=1"], "--param sed: no such parameter"),
    (["--param", "seed=seven"], "seed is declared as int"),
    (["--param", "lr=fast"], "lr"),
])
def test_bad_parameter_stops_before_anything_runs(tmp_path, args, message):
    run = report(PARAMETERS_NOTEBOOK, tmp_path / "out", *args)
    assert run.returncode == 2
    assert message in run.stderr and run.stderr.startswith("lmlab report: ")
    assert not (tmp_path / "out").exists()  # no kernel ran, nothing was written


def test_missing_notebook_stops_before_anything_runs(tmp_path):
    run = report(tmp_path / "absent.ipynb", tmp_path / "out")
    assert run.returncode == 2
    assert f"no notebook at {tmp_path / 'absent.ipynb'}" in run.stderr
    assert not (tmp_path / "out").exists()


def test_untagged_error_stops_the_report_and_names_the_cell(tmp_path):
    notebook = tmp_path / "fails.ipynb"
    tagged = nbformat.v4.new_code_cell('throw new IllegalArgumentException("expected");')
    tagged.metadata["tags"] = ["raises-exception"]
    write_notebook(notebook,
                   nbformat.v4.new_markdown_cell("# A failing notebook"),
                   nbformat.v4.new_code_cell('System.out.println("before");'),
                   tagged,
                   nbformat.v4.new_code_cell('// the failing cell\nthrow new IllegalStateException("boom");'),
                   nbformat.v4.new_code_cell('System.out.println("after");'))
    run = report(notebook, tmp_path / "out")
    assert run.returncode == 1
    assert "cell 4 (code cell 3: // the failing cell) failed: IllegalStateException: boom" in run.stderr
    nb = nbformat.read(tmp_path / "out" / "fails.ipynb", as_version=4)  # the partial notebook is kept
    assert nb.cells[1].outputs[0].text == "before\n"
    assert nb.cells[2].outputs[0].output_type == "error"  # tagged: the run went on
    assert nb.cells[4].outputs == [] and nb.cells[4].execution_count is None
    assert (tmp_path / "out" / "fails.html").exists()
