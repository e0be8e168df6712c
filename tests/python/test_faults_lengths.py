"""Issue 23 (kernel under faults), lengths and model parts, over the wire: a degenerate group no longer aborts
``%lengths fit``; a bootstrap too large for the heap is refused with the figures before anything is allocated;
the messages for a self-comparison and for unreadable ``%perplexity --file`` inputs name the argument, the file,
where its bytes go wrong and the option that helps. After each failure the next cell runs and earlier variables
and tables are intact."""
from __future__ import annotations

import re

import pytest

from kerneltools import IS_PYTHON, drain, run_cell

pytestmark = pytest.mark.skipif(IS_PYTHON, reason="lmlab magics")


@pytest.fixture
def kc(kernel):
    km, kc = kernel
    drain(kc, wait=0.05)
    yield kc
    assert km.is_alive(), "the kernel died during this test"


def ok(kc, code: str, timeout: float = 60):
    run = run_cell(kc, code, timeout=timeout)
    assert run.status == "ok", run.describe()
    return run


def failed(kc, code: str, timeout: float = 60) -> str:
    run = run_cell(kc, code, timeout=timeout)
    assert run.status == "error", run.describe()
    text = run.all_text()
    assert not re.search(r"^\s+at [\w.$]+\(", text, re.M), f"stack trace shown to the user:\n{text}"
    return text


def still_intact(kc, *tables: str) -> None:
    """The session survived: a Java variable from before, and the tables named."""
    assert ok(kc, "kept + 1").result_text == "42"
    listed = ok(kc, "%table list").all_text()
    for t in tables:
        assert t in listed, f"table {t} lost:\n{listed}"


@pytest.fixture
def lengths_table(kc, tmp_path):
    csv = tmp_path / "lens.csv"
    rows = ["g,model,length"]
    for i in range(200):
        rows.append("equal,a,1000")
        rows.append("zeros,b,0")
        rows.append(f"spread,{'ab'[i % 2]},{50 + 7 * i + (i % 3) * 30}")
    csv.write_text("\n".join(rows) + "\n")
    ok(kc, f"%table load {csv} --as lens")
    ok(kc, "int kept = 41;")
    return "lens"


def test_a_degenerate_group_is_reported_and_the_others_fitted(kc, lengths_table):
    # before: "Weibull shape did not converge (last c=2.7e253)" for the whole command, or "cannot fit EXPONENTIAL"
    text = ok(kc, "%lengths fit --table lens --value length --by g --as fits").all_text()
    assert "all lengths are equal" in text, text
    assert "skipped" in text and "fitted" in text, text
    zeros = ok(kc, "%%sql\nSELECT status, note FROM fits WHERE g = 'zeros' AND family = 'lognormal'").all_text()
    assert "200 of 200 lengths are 0; LOGNORMAL needs positive lengths" in zeros, zeros
    assert "did not converge" not in text, text
    still_intact(kc, "lens", "fits")
    # the fits of the healthy group are there and ranked
    counted = ok(kc, "%%sql -o fitted\nSELECT count(*) AS n, max(rank) AS worst FROM fits "
                     "WHERE g = 'spread' AND status = 'fitted'").all_text()
    assert re.search(r"\b6\b", counted), counted


def test_replicates_too_large_for_the_heap_are_refused_and_the_kernel_lives(kc, lengths_table):
    text = failed(kc, "%lengths compare --table lens --value length --a a --b b --replicates 2000000000 "
                      "--as refused")
    assert re.search(r"--replicates 2000000000 needs ~44\.7 GiB of memory; the kernel has [\d.]+ [GM]iB free", text), text
    assert re.search(r"use at most --replicates \d+, or give the kernel a larger heap \(-Xmx", text), text
    still_intact(kc, "lens")
    assert "refused" not in ok(kc, "%table list").all_text()
    # a sensible count still works afterwards
    ok(kc, "%lengths compare --table lens --value length --a a --b b --replicates 200 --as compared")
    still_intact(kc, "lens", "compared")


def test_messages_name_the_argument_the_file_and_the_option(kc, lengths_table, tmp_path):
    same = failed(kc, "%lengths compare --table lens --value length --a a --b a")
    assert "--a and --b both name model 'a'" in same, same

    missing = tmp_path / "missing.txt"
    text = failed(kc, f"%perplexity --file {missing}")
    assert f"%perplexity --file {missing}: no such file" in text and "check --file" in text, text

    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    text = failed(kc, f"%perplexity --file {binary}")
    assert str(binary) in text and "not UTF-8 text: bytes 0x89 at byte offset 0 (line 1" in text, text
    assert "--encoding CHARSET" in text, text

    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("first line\nsecond caf\u00e9\n".encode("latin-1"))
    text = failed(kc, f"%perplexity --file {latin1}")
    assert "bytes 0xE9 at byte offset 21 (line 2, byte 11 of the line)" in text and "--encoding" in text, text
    still_intact(kc, "lens")
