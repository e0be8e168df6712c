"""Magics as seen over the wire: listing, --help, usage on wrong arguments, the closest names for
an unknown magic, %time/%%time, %classpath and %maven failures, magic completion. After every
failure the kernel must keep working."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kerneltools import IS_PYTHON, drain, run_cell

pytestmark = pytest.mark.skipif(IS_PYTHON, reason="lmlab magics (the Python kernel has IPython's)")

EXPECTED_MAGICS = {"%lsmagic", "%time", "%%time", "%classpath", "%maven"}


@pytest.fixture
def kc(kernel):
    km, kc = kernel
    drain(kc, wait=0.05)
    yield kc
    assert km.is_alive(), "the kernel died during this test"
    check = run_cell(kc, "6*7")
    assert check.status == "ok" and check.result_text == "42", "kernel unusable after the test:\n" + check.describe()


def listed_magics(kc) -> set[str]:
    run = run_cell(kc, "%lsmagic")
    assert run.status == "ok", run.describe()
    return set(re.findall(r"(?<![\w%])%%?[A-Za-z][\w-]*", run.all_text()))


def test_lsmagic_lists_the_core_magics(kc):
    names = listed_magics(kc)
    assert EXPECTED_MAGICS <= names, f"missing {EXPECTED_MAGICS - names} in {sorted(names)}"


def test_every_magic_has_help(kc):
    names = sorted(listed_magics(kc))
    assert names
    for name in names:
        run = run_cell(kc, f"{name} --help" + ("\n" if name.startswith("%%") else ""))
        text = run.all_text()
        assert run.status == "ok", f"{name} --help failed:\n{run.describe()}"
        assert name.lstrip("%") in text and len(text.strip()) > 20, f"{name} --help says too little:\n{text}"


@pytest.mark.parametrize("code", ["%classpath --bogus-option", "%lsmagic --bogus-option", "%maven --bogus-option",
                                  "%%time --bogus-option\nint q = 1;"])
def test_wrong_argument_gives_usage_and_an_error(kc, code):
    run = run_cell(kc, code)
    text = run.all_text()
    assert run.status == "error", run.describe()
    assert len(run.errors) == 1, run.describe()
    assert "usage" in text.lower(), f"no usage text:\n{run.describe()}"
    assert "--bogus-option" in text, f"the bad option is not named:\n{run.describe()}"
    assert not re.search(r"^\s+at [\w.$]+\(", text, re.M), f"stack trace shown to the user:\n{text}"


@pytest.mark.parametrize("code, closest", [("%lsmagik", "%lsmagic"), ("%clspath", "%classpath"),
                                           ("%mavn a:b:1", "%maven"), ("%%tiem\nint z = 1;", "%%time")])
def test_unknown_magic_names_the_closest(kc, code, closest):
    run = run_cell(kc, code)
    assert run.status == "error", run.describe()
    assert len(run.errors) == 1, run.describe()
    text = run.all_text()
    unknown = code.split()[0]
    assert unknown in text, f"the unknown magic {unknown} is not named:\n{text}"
    assert re.search(re.escape(closest) + r"(?![\w-])", text), f"{closest} is not suggested:\n{text}"


def test_line_time_prints_wall_time(kc):
    run = run_cell(kc, "%time Thread.sleep(20);")
    assert run.status == "ok", run.describe()
    assert "Wall time:" in run.stdout, run.describe()


def test_cell_time_runs_the_body_and_prints_wall_time(kc):
    run = run_cell(kc, "%%time\nlong total = 0;\nfor (int i = 0; i < 1000; i++) total += i;\nSystem.out.println(total);")
    assert run.status == "ok", run.describe()
    assert "499500" in run.stdout
    assert "Wall time:" in run.stdout


def test_cell_time_reports_errors_of_the_body(kc):
    run = run_cell(kc, '%%time\nthrow new IllegalStateException("inside time");')
    assert run.status == "error", run.describe()
    assert run.content["ename"] == "IllegalStateException"


def test_classpath_prints_the_class_path(kc):
    run = run_cell(kc, "%classpath")
    assert run.status == "ok", run.describe()


def test_maven_unknown_artifact_gives_one_clear_error(kc):
    coordinate = "org.lmlab.nonexistent:nope:0.0.1"
    run = run_cell(kc, f"%maven {coordinate}", timeout=120)
    assert run.status == "error", run.describe()
    assert len(run.errors) == 1, run.describe()
    text = run.all_text()
    assert coordinate in text, f"the coordinate is not named:\n{text}"
    assert not re.search(r"^\s+at [\w.$]+\(", text, re.M), f"stack trace shown to the user:\n{text}"
    assert len(text) < 3000, f"the message is not short:\n{text}"


def test_maven_bad_coordinate_gives_usage(kc):
    run = run_cell(kc, "%maven not-a-coordinate")
    assert run.status == "error", run.describe()
    assert "not-a-coordinate" in run.all_text()


JUNIT_API = Path.home() / ".m2/repository/org/junit/jupiter/junit-jupiter-api/5.13.4"


@pytest.mark.skipif(not JUNIT_API.exists(), reason="needs junit-jupiter-api 5.13.4 in ~/.m2 (the Maven build puts it there)")
@pytest.mark.timeout(180)
def test_maven_adds_a_jar_usable_in_the_next_cell(kc):
    run = run_cell(kc, "%maven org.junit.jupiter:junit-jupiter-api:5.13.4", timeout=150)
    assert run.status == "ok", run.describe()
    cp = run_cell(kc, "%classpath")
    assert "junit-jupiter-api-5.13.4.jar" in cp.all_text(), cp.describe()
    use = run_cell(kc, 'org.junit.jupiter.api.Assertions.assertEquals(2, 1 + 1); "junit ok"')
    assert use.status == "ok" and use.result_text == "junit ok", use.describe()


@pytest.mark.parametrize("text, expected", [("%ls", "%lsmagic"), ("%%ti", "%%time"), ("%mav", "%maven")])
def test_magic_names_complete(kc, text, expected):
    kc.complete(text, cursor_pos=len(text))
    reply = kc.get_shell_msg(timeout=15)
    content = reply["content"]
    assert content["status"] == "ok"
    completed = {text[: content["cursor_start"]] + m for m in content["matches"]}
    assert expected in completed, content


@pytest.mark.parametrize("code, needle", [("%time?", "Usage"), ("String?", "java.lang.String"), ("?Math.max", "max(")])
def test_question_mark_pages_documentation(kc, code, needle):
    run = run_cell(kc, code)
    assert run.status == "ok", run.describe()
    pages = [p for p in run.content["payload"] if p.get("source") == "page"]
    assert len(pages) == 1, run.describe()
    assert needle in pages[0]["data"]["text/plain"]


def test_question_mark_on_unknown_name_is_a_short_error(kc):
    run = run_cell(kc, "surelyNotDefinedAnywhere?")
    assert run.status == "error", run.describe()
    assert "surelyNotDefinedAnywhere" in run.all_text()


def test_model_bad_input_gives_one_clear_error_and_the_model_stays_usable(kc):
    """%model with a missing file, then a model loaded with a small context: a prompt and a
    perplexity window longer than that context are refused with the lengths named, generation
    stops when the context is full, and the model (and kernel) keep working."""
    missing = run_cell(kc, "%model load /no/such/model.gguf")
    assert missing.status == "error" and len(missing.errors) == 1, missing.describe()
    bf16 = run_cell(kc, "%model load smollm2-135m --dtype bf16")
    assert bf16.status == "error" and len(bf16.errors) == 1 and "use f16" in bf16.all_text(), bf16.describe()
    # Before loading: 2 bytes per weight; raw keys, rotated keys and values of 30 layers x 3 heads x 64 dims x
    # 2,048 positions x 4 bytes.
    estimate = run_cell(kc, "%model estimate smollm2-135m --context 2048 --dtype f16")
    assert estimate.status == "ok", estimate.describe()
    assert re.search(r"parameters as F16: .* KV cache \(2048 positions, F32\): 135\.0 MiB", estimate.all_text()), \
        estimate.all_text()
    loaded = run_cell(kc, "%model load smollm2-135m --context 40")
    assert loaded.status == "ok" and "context 40 positions" in loaded.all_text(), loaded.describe()
    long_prompt = "%generate --raw --max-tokens 4 " + "the quick brown fox jumps over the lazy dog " * 8
    refused = run_cell(kc, long_prompt)
    text = refused.all_text()
    assert refused.status == "error" and len(refused.errors) == 1, refused.describe()
    assert "more than the context of 40 this model was loaded with" in text and "--context N" in text, text
    assert not re.search(r"^\s+at [\w.$]+\(", text, re.M), f"stack trace shown to the user:\n{text}"
    window = run_cell(kc, '%perplexity --text "To be, or not to be" --window 64 --stride 32')
    assert window.status == "error" and "a perplexity window of 64 tokens" in window.all_text(), window.describe()
    full = run_cell(kc, "%generate --raw --max-tokens 100 Once upon a time")
    assert full.status == "ok" and "context full" in full.all_text(), full.describe()
    assert run_cell(kc, "%model unload").status == "ok"
