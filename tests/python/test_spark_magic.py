"""``%spark`` in a real session (``bin/lmlab run``, the kernel's JShell evaluator and class loading).

The Spark jars sit in the distribution's ``dist/spark`` folder, off the kernel's class path:
``%spark connect`` adds them to the session's class path, so the magics and the cells share one
copy of Spark's classes (a cell's ``SparkRunner.connect`` attaches to the magic's session, same
application id), and ``%scaling fit --on spark`` gives the local bootstrap's values (same seed).
The reference for those values is the local bootstrap, itself checked against scipy refits and
numpy.percentile in lib's BootstrapTest.
"""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from kerneltools import IS_PYTHON, REPO

pytestmark = [pytest.mark.timeout(300), pytest.mark.skipif(IS_PYTHON, reason="runs lmlab's Java session")]

LMLAB = REPO / "bin" / "lmlab"
SPARK_DIST = REPO / "kernel" / "target" / "dist" / "spark"

CELLS = [
    "ClassLoader.getSystemClassLoader().getResource(\"org/apache/spark/SparkContext.class\") == null",
    "%spark status",
    "%spark connect local[2] --conf spark.driver.host=127.0.0.1",
    "%spark status",
    "org.lmlab.spark.SparkRunner.connect(\"local[2]\").session().sparkContext().applicationId()",
    "ClassLoader.getSystemClassLoader().getResource(\"org/apache/spark/SparkContext.class\") == null",
    "%table load datasets/chinchilla/chinchilla_runs.csv --as runs\n"
    "%scaling fit --table runs --drop-highest 5 --law kaplan-c --bootstrap 16 --seed 42 --as onlocal\n"
    "%scaling fit --table runs --drop-highest 5 --law kaplan-c --bootstrap 16 --seed 42 --on spark --as onspark",
    "java.util.Arrays.deepEquals(onlocal_bootstrap.values(), onspark_bootstrap.values())"
    " && onlocal_bootstrap.intervals().equals(onspark_bootstrap.intervals())",
    "%spark stop",
    "%spark status",
]


def run_script(tmp_path, cells: list[str]) -> subprocess.CompletedProcess:
    script = tmp_path / "spark.lmlab"
    script.write_text("\n// %%\n".join(cells) + "\n")
    return subprocess.run([str(LMLAB), "run", str(script)], cwd=REPO, capture_output=True, text=True, timeout=240)


@pytest.mark.skipif(not SPARK_DIST.is_dir(), reason="no dist/spark: mvn -B -q package -DskipTests")
def test_connect_status_bootstrap_and_stop(tmp_path):
    run = run_script(tmp_path, CELLS)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    out = run.stdout
    no_session = "No Spark session; connect with %spark connect local[*] (or spark://host:7077)"
    lines = out.splitlines()
    # Spark is not on the kernel's class path, before or after connecting (it is in the session's loader).
    assert lines[0] == "true"
    assert lines[1] == no_session
    connected = re.search(r"^Connected: Spark local\[2\], application (local-\d+), 1 executor\(s\), parallelism 2, "
                          r"UI (http://\S+)$", out, re.M)
    assert connected, out
    app, ui = connected.groups()
    assert f"Spark UI: {ui}" in lines
    assert f"Spark local[2], application {app}, 1 executor(s), parallelism 2, UI {ui}" in lines
    # The cell's SparkRunner is the magic's: the same classes, so the same running application.
    assert app in lines
    assert lines.count("true") == 3, out
    assert "[##############################] 100%  8/8" in run.stdout + run.stderr
    assert "Stopped the Spark session on local[2]" in lines
    assert lines[-1] == no_session
    # Spark's INFO chatter is kept out of the cell output (kernel's simplelogger.properties).
    assert " INFO org.apache.spark" not in run.stdout + run.stderr


@pytest.mark.skipif(not SPARK_DIST.is_dir(), reason="no dist/spark: mvn -B -q package -DskipTests")
def test_unreachable_master_is_a_clear_error(tmp_path):
    run = run_script(tmp_path, ["%spark connect spark://127.0.0.1:9", "\"not reached\""])
    assert run.returncode == 1
    assert ("%spark connect: the Spark master spark://127.0.0.1:9 is unreachable (127.0.0.1:9: Connection refused);"
            " start it (sbin/start-master.sh) or check the URL") in run.stderr, run.stderr[-3000:]
    assert "not reached" not in run.stdout


SWEEP = ("%extrapolate sweep --methods none,yarn:2 --lengths 64,128 --text \"{text}\" --bucket 32 "
         "--out {out} --as {name}")
TEXT = ("Now is the winter of our discontent made glorious summer by this sun of York, and all the clouds that "
        "loured upon our house in the deep bosom of the ocean buried. ") * 8


def cell_rows(path) -> tuple[dict, list[dict]]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    timing = {"seconds", "tokens_per_s", "crc32"}
    return lines[0], [{k: v for k, v in row.items() if k not in timing} for row in lines[1:]]


@pytest.mark.skipif(not SPARK_DIST.is_dir(), reason="no dist/spark: mvn -B -q package -DskipTests")
def test_sweep_on_spark_writes_the_local_sweeps_rows(tmp_path):
    """%extrapolate sweep --on spark (one task per cell, the model file shipped, loaded once on the executor)
    writes the rows the local sweep writes: every value but the timings equal, in cell order; the local
    sweep is itself checked against %perplexity alone in lib's and magics' sweep tests."""
    local, remote = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    run = run_script(tmp_path, [
        "%model load smollm2-135m --context 256",
        SWEEP.format(text=TEXT, out=local, name="onLocal"),
        "%spark connect local[2] --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false",
        SWEEP.format(text=TEXT, out=remote, name="onSpark") + " --on spark",
        "onLocal.rowCount() == onSpark.rowCount()",
        "%spark stop",
    ])
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    local_header, local_rows = cell_rows(local)
    spark_header, spark_rows = cell_rows(remote)
    assert spark_header["fingerprint"] == local_header["fingerprint"]
    assert len(local_rows) == 4
    assert spark_rows == local_rows
    assert "4 cells run, 0 kept from no earlier run" in run.stdout


@pytest.mark.skipif(not SPARK_DIST.is_dir(), reason="no dist/spark: mvn -B -q package -DskipTests")
def test_sweep_on_spark_without_a_session_says_how_to_connect(tmp_path):
    run = run_script(tmp_path, ["%model load smollm2-135m --context 256",
                                SWEEP.format(text=TEXT, out=tmp_path / "x.jsonl", name="x") + " --on spark"])
    assert run.returncode == 1
    assert ("%extrapolate sweep --on spark: no Spark session; connect first with %spark connect local[*] "
            "(or spark://host:7077), or use --on local") in run.stderr, run.stderr[-3000:]
    assert not (tmp_path / "x.jsonl").exists()


STUDY = ("%pe-study --tasks copy --encodings nope,rope --train-max 2 --test-max 3 --seeds 2 --steps 30 --batch 8 "
         "--dim 16 --layers 1 --heads 2 --test-examples 20 --out {out} --as {name}")


@pytest.mark.skipif(not SPARK_DIST.is_dir(), reason="no dist/spark: mvn -B -q package -DskipTests")
def test_pe_study_on_spark_writes_the_local_studys_rows(tmp_path):
    """%pe-study --on spark (one task per training run, the config shipped) writes the rows the local
    study writes: every value but train_seconds equal, cell by cell; the local study is checked in lib's
    PeStudyTest (exact-match counts, determinism for a seed and thread count)."""
    local, remote = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    run = run_script(tmp_path, [
        STUDY.format(out=local, name="onLocal"),
        "%spark connect local[2] --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false",
        STUDY.format(out=remote, name="onSpark") + " --on spark",
        "onLocal.rowCount() == onSpark.rowCount()",
        "%spark stop",
    ])
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    rows = {}
    for name, path in (("local", local), ("spark", remote)):
        header, cells = cell_rows(path)
        rows[name] = (header["fingerprint"],
                      sorted(({k: v for k, v in r.items() if k != "train_seconds"} for r in cells),
                             key=lambda r: r["cell"]))
    assert rows["spark"] == rows["local"]
    assert len(rows["local"][1]) == 12
    assert "4 runs trained, 0 kept from no earlier run" in run.stdout


@pytest.mark.skipif(not SPARK_DIST.is_dir(), reason="no dist/spark: mvn -B -q package -DskipTests")
def test_pe_study_on_spark_without_a_session_says_how_to_connect(tmp_path):
    run = run_script(tmp_path, [STUDY.format(out=tmp_path / "x.jsonl", name="x") + " --on spark"])
    assert run.returncode == 1
    assert ("%pe-study --on spark: no Spark session; connect first with %spark connect local[*] "
            "(or spark://host:7077), or use --on local") in run.stderr, run.stderr[-3000:]
    assert not (tmp_path / "x.jsonl").exists()
