"""Issue 23, tables under faults, over the wire: %%sql DDL (3), reloading a table (4) and read
errors that name the file, line and option (7). After each fault the next cell runs and earlier
variables and tables are intact."""
from __future__ import annotations

from pathlib import Path

import pytest

from kerneltools import IS_PYTHON, drain, run_cell

pytestmark = pytest.mark.skipif(IS_PYTHON, reason="lmlab magics and tables")

RUNS = Path(__file__).resolve().parents[2] / "datasets" / "chinchilla" / "chinchilla_runs.csv"


@pytest.fixture
def kc(kernel):
    km, kc = kernel
    drain(kc, wait=0.05)
    yield kc
    assert km.is_alive(), "the kernel died during this test"


def ok(kc, code: str):
    run = run_cell(kc, code, timeout=60)
    assert run.status == "ok", run.describe()
    return run


def fails(kc, code: str) -> str:
    run = run_cell(kc, code, timeout=60)
    assert run.status == "error", run.describe()
    return run.content["evalue"]


def value(kc, code: str) -> str:
    return ok(kc, code).result_text


def test_sql_ddl_goes_through_the_catalog(kc, tmp_path):
    ok(kc, f"%table load {RUNS} --as runs")
    ok(kc, "%%sql\nSELECT count(*) FROM runs")
    dropped = ok(kc, "%%sql\nDROP TABLE runs")
    assert "dropped table runs" in dropped.stdout
    assert "runs:" not in ok(kc, "%table list").stdout
    # Reloading and -o under the dropped name work, and only once each.
    ok(kc, f"%table load {RUNS} --as runs")
    assert value(kc, "runs.rowCount()") == "245"
    ok(kc, "%%sql -o runs\nSELECT * FROM runs WHERE params < 1e9")
    small = int(value(kc, "runs.rowCount()"))
    assert 0 < small < 245
    created = ok(kc, "%%sql\nCREATE TABLE made AS SELECT * FROM runs LIMIT 4")
    assert "created table made (4 rows" in created.stdout
    assert "made: 4 rows" in ok(kc, "%table list").stdout
    out = tmp_path / "made.csv"
    wrote = ok(kc, f"%%sql\nCOPY made TO '{out}' (HEADER)")
    assert f"wrote 4 rows to {out}" in wrote.stdout and out.exists()
    for statement, kind in [("INSERT INTO made SELECT * FROM runs", "INSERT"), ("ALTER TABLE made RENAME TO m", "ALTER TABLE"),
                            ("ATTACH ':memory:' AS other", "ATTACH"), ("SET threads = 1", "SET"), ("INSTALL httpfs", "INSTALL")]:
        message = fails(kc, "%%sql\n" + statement)
        assert message.startswith(f"{kind} is not run"), message
    assert "made: 4 rows" in ok(kc, "%table list").stdout
    assert value(kc, "made.rowCount()") == "4"
    ok(kc, "%%sql\nSELECT count(*) FROM made")


def test_reloading_keeps_what_was_derived(kc):
    ok(kc, f"%table load {RUNS} --as base")
    ok(kc, "var h = base.head(5); var cnt = base.rowCount(); org.lmlab.table.Table t2 = base; int sentinel = 7; String important = \"keep\";")
    ok(kc, f"%table load {RUNS} --as base")
    assert value(kc, "h.rowCount()") == "5"
    assert value(kc, "cnt") == "245"
    assert value(kc, "t2.rowCount()") == "245"
    assert value(kc, "t2.isClosed()") == "false"
    message = fails(kc, f"%table load {RUNS} --as sentinel")
    assert "variable 'sentinel' is a int" in message and "--replace" in message, message
    message = fails(kc, "%%sql -o important\nSELECT 1 AS x")
    assert "variable 'important' is a String" in message and "--replace" in message, message
    assert value(kc, "sentinel") == "7"
    assert value(kc, "important") == "keep"
    assert value(kc, "base.rowCount()") == "245"


def test_read_errors_name_file_line_and_option(kc, tmp_path):
    import pyarrow as pa
    import pyarrow.feather as feather
    import pyarrow.parquet as pq

    ok(kc, f"%table load {RUNS} --as kept")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"id,name\n" + b"".join(f"{i},r{i}\n".encode() for i in range(100)) + b"100,caf\xe9\n")
    message = fails(kc, f"%table load {latin} --as kept")
    assert message.startswith(f"{latin}:102:8: not valid UTF-8") and "--encoding" in message, message
    ok(kc, f"%table load {latin} --as latin --encoding windows-1252")
    assert value(kc, 'latin.getString("name", 100)') == "café"

    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"a": 1}\n{"a": "caf\xe9"}\n')
    message = fails(kc, f"%table load {bad} --as kept")
    assert message.startswith(f"{bad}:2:11: not valid UTF-8"), message

    message = fails(kc, f"%table load {tmp_path} --as kept")
    assert "is a directory, not a file" in message, message

    f = tmp_path / "t.feather"
    feather.write_feather(pa.table({"x": [1, 2]}), str(f))
    message = fails(kc, f"%table load {f} --format PARQUET --as kept")
    assert "--format feather" in message, message

    dup = tmp_path / "dup.parquet"
    pq.write_table(pa.Table.from_arrays([pa.array([1]), pa.array([2])], names=["loss", "loss"]), str(dup))
    message = fails(kc, f"%table load {dup} --as kept")
    assert str(dup) in message and "column names repeat: [loss]" in message, message

    twice = tmp_path / "twice.jsonl"
    twice.write_text('{"a": 1}\n{"a": 1, "a": 2}\n')
    message = fails(kc, f"%table load {twice} --as kept")
    assert message.startswith(f"{twice}:2: key 'a' appears twice"), message

    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    message = fails(kc, f"%table load {empty} --as kept")
    assert message.startswith(f"{empty}: no JSON objects"), message

    assert value(kc, "kept.rowCount()") == "245"
    assert "kept: 245 rows" in ok(kc, "%table list").stdout
