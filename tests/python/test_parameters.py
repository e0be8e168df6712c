"""Parameters: papermill's ``-k lmlab -p NAME VALUE`` and ``lmlab run --param NAME=VALUE``.

``parameters.ipynb`` declares typed defaults in a cell tagged ``parameters``, prints them, and
prints ``new Random(seed).nextLong()``. The expected draws come from java.util.Random's documented
linear congruential generator, computed here in Python (the outside reference).
"""
from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from kerneltools import IS_PYTHON, KERNEL_NAME, REPO

pytestmark = [pytest.mark.timeout(300), pytest.mark.skipif(IS_PYTHON, reason="runs a Java notebook")]

HERE = REPO / "tests" / "python"
NOTEBOOK = HERE / "parameters.ipynb"
LMLAB = REPO / "bin" / "lmlab"
PAPERMILL = [sys.executable, "-m", "papermill"]


def java_random_next_long(seed: int) -> int:
    """java.util.Random(seed).nextLong(), from the algorithm in Random's Javadoc."""
    mask = (1 << 48) - 1
    state = (seed ^ 0x5DEECE66D) & mask

    def next32() -> int:
        nonlocal state
        state = (state * 0x5DEECE66D + 0xB) & mask
        bits = state >> 16
        return bits - (1 << 32) if bits >= 1 << 31 else bits

    value = ((next32() << 32) + next32()) & ((1 << 64) - 1)
    return value - (1 << 64) if value >= 1 << 63 else value


def run_papermill(tmp_path, name: str, *args: str) -> nbformat.NotebookNode:
    out = tmp_path / name
    run = subprocess.run([*PAPERMILL, str(NOTEBOOK), str(out), "-k", KERNEL_NAME, *args],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return nbformat.read(out, as_version=4)


def printed(nb: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "stream")


def draw(text: str) -> int:
    return int(next(line for line in text.splitlines() if line.startswith("draw="))[len("draw="):])


def test_papermill_injects_int_float_string_bool_and_list(tmp_path):
    nb = run_papermill(tmp_path, "out.ipynb", "-p", "seed", "7", "-p", "lr", "0.125", "-p", "name", 'say "hi"\\now',
                       "-p", "verbose", "True", "-y", "sizes: [3, 4, 5]")
    injected = nb.cells[2]
    assert injected.metadata.tags == ["injected-parameters"]
    assert "parameters" in nb.cells[1].metadata.tags
    lines = injected.source.splitlines()
    assert lines[0] == "// Parameters"
    assert sorted(lines[1:]) == sorted([  # papermill puts -y values first
        "int seed = 7;",
        "double lr = 0.125;",
        'String name = "say \\"hi\\"\\\\now";',
        "boolean verbose = true;",
        "List<Integer> sizes = List.of(3, 4, 5);",
    ])
    # 3 + 4 + 5 = 12: the list arrived as a list of ints
    assert 'seed=7 lr=0.125 name=[say "hi"\\now] verbose=true sizes=[3, 4, 5] total=12' in printed(nb)
    assert draw(printed(nb)) == java_random_next_long(7)


def test_same_parameters_give_the_same_numbers_and_a_changed_one_changes_them(tmp_path):
    first = draw(printed(run_papermill(tmp_path, "a.ipynb", "-p", "seed", "7")))
    second = draw(printed(run_papermill(tmp_path, "b.ipynb", "-p", "seed", "7")))
    changed = draw(printed(run_papermill(tmp_path, "c.ipynb", "-p", "seed", "8")))
    assert first == second == java_random_next_long(7)
    assert changed == java_random_next_long(8) != first


def test_papermill_help_notebook_lists_the_typed_defaults():
    run = subprocess.run([*PAPERMILL, "--help-notebook", str(NOTEBOOK)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "seed: int (default 42)" in run.stdout and "sizes: List<Integer> (default List.of(1, 2))" in run.stdout


def test_translator_writes_typed_java_for_every_yaml_type():
    from papermill.translators import translate_parameters

    code = translate_parameters("lmlab", "java", {
        "big": 2**40, "mixed": [1, 2.5], "nothing": None, "gaps": [1, None], "tab": "a\tb\x01",
        "nan": float("nan"), "weights": {"b": 1, "a": 2}, "empty": [],
    })
    assert code.splitlines()[1:] == [
        "long big = 1099511627776L;",
        "List<Double> mixed = List.of(1.0, 2.5);",
        "Object nothing = null;",
        "List<Integer> gaps = Arrays.asList(1, null);",
        'String tab = "a\\tb\\001";',
        "double nan = Double.NaN;",
        'Map<String, Integer> weights = new TreeMap<String, Integer>(Map.ofEntries(Map.entry("b", 1), Map.entry("a", 2)));',
        "List<Object> empty = List.of();",
    ]


def test_lmlab_run_param_gives_papermills_numbers(tmp_path):
    run = subprocess.run([str(LMLAB), "run", str(NOTEBOOK), "--param", "seed=7", "--param", "sizes=3,4,5",
                          "--param", "name=say \"hi\""], capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert 'seed=7 lr=0.5 name=[say "hi"] verbose=false sizes=[3, 4, 5] total=12' in run.stdout
    assert draw(run.stdout) == java_random_next_long(7)
    assert "int seed = 7;" in run.stderr  # the run says what it injected


@pytest.mark.parametrize("param, message", [
    ("sede=7", "--param sede: no such parameter; the parameters cell (cell 1) declares seed, lr, name, verbose, sizes"),
    ("seed=seven", "--param seed=seven: seed is declared as int in the parameters cell (int seed = 42;), "
                   "so the value must be a whole number"),
    ("verbose=yes", "so the value must be true or false"),
])
def test_lmlab_run_refuses_bad_parameters_before_running(param, message):
    run = subprocess.run([str(LMLAB), "run", str(NOTEBOOK), "--param", param], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2 and message in run.stderr, run.stderr
    assert run.stdout == "", "no cell ran"


def test_lmlab_run_missing_notebook_with_parameters(tmp_path):
    missing = tmp_path / "missing.ipynb"
    run = subprocess.run([str(LMLAB), "run", str(missing), "--param", "seed=1"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 2 and f"lmlab: {missing}: cannot read" in run.stderr


def test_lmlab_run_help_shows_param():
    run = subprocess.run([str(LMLAB), "run", "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "--param=NAME=VALUE" in run.stdout and "// %% parameters" in run.stdout


def test_script_parameters_block(tmp_path):
    script = tmp_path / "study.lmlab"
    script.write_text('// %% parameters\ndouble lr = 0.5;\nvar steps = 3;\n// %%\n'
                      'System.out.println("lr*steps=" + lr * steps);\n')
    run = subprocess.run([str(LMLAB), "run", str(script), "--param", "lr=2", "--param", "steps=5"],
                         capture_output=True, text=True, timeout=120)
    # 2.0 * 5 = 10.0: lr stayed a double although the value was written as a whole number
    assert run.returncode == 0 and "lr*steps=10.0" in run.stdout, run.stdout + run.stderr
