"""Issue 23, acceptance 2: a seeded soak. One kernel; 100 times a random long magic (model load,
generation, perplexity, fits, a bootstrap, table reads, a lengths bootstrap) is interrupted at a
random moment. Afterwards every one of those magics still runs to the end, and the variables and
tables defined before the soak are unchanged.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from kerneltools import CellRun, collect_until_done, java_only, run_cell, started_kernel
from test_interrupt_exit import send_interrupt_message, wait_until_running

pytestmark = java_only("faults of the lmlab kernel")
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "datasets"
SEED = 20261206
ROUNDS = 100

MAGICS = [
    "%model load smollm2-135m --context 256",
    "%generate --max-tokens 40 --raw Once upon a time",
    f"%perplexity --file {DATA / 'text' / 'tinyshakespeare-excerpt.txt'} --window 128 --stride 64",
    "%scaling fit --table runs --drop-highest 5 --as soak_fit",
    "%scaling fit --table runs --drop-highest 5 --bootstrap 200 --seed 3 --as soak_boot",
    f"%table load {DATA / 'alpaca_eval' / 'annotations.jsonl'} --as soak_annotations",
    f"%table load {DATA / 'chinchilla' / 'chinchilla_runs.csv'} --as soak_runs",
    "%lengths compare --table lens --value length --a a --b b --replicates 20000",
]
CHECKSUM = 'String.format("%d %.6f %s %d", runs.rowCount(), ' \
           'java.util.stream.IntStream.range(0, runs.rowCount()).mapToDouble(i -> runs.getDouble("loss", i)).sum(), important, kept.size() + sentinel)'


@pytest.mark.timeout(1500)
def test_random_interrupts_leave_every_magic_working_and_state_unchanged(tmp_path):
    rng = random.Random(SEED)
    lens = tmp_path / "lens.csv"
    lens.write_text("model,length\n" + "".join(f"{'ab'[i % 2]},{50 + (i * 37) % 400}\n" for i in range(400)))
    with started_kernel("fault-soak") as (km, kc):
        for code in ("int sentinel = 41;", 'String important = "keep me";', "var kept = List.of(1, 2, 3);",
                     f"%table load {DATA / 'chinchilla' / 'chinchilla_runs.csv'} --as runs",
                     f"%table load {lens} --as lens", "%model load smollm2-135m --context 256"):
            assert run_cell(kc, code, timeout=180).status == "ok", code
        before = run_cell(kc, CHECKSUM)
        assert before.status == "ok", before.describe()

        outcomes: dict[str, int] = {}
        for round_ in range(ROUNDS):
            code = rng.choice(MAGICS)
            delay = rng.uniform(0.0, 1.5)
            msg_id = kc.execute(code)
            run = CellRun(code=code, msg_id=msg_id)
            wait_until_running(kc, msg_id, run)
            time.sleep(delay)
            t0 = time.monotonic()
            send_interrupt_message(kc)
            collect_until_done(kc, run, t0, timeout=120)
            outcome = run.status if run.status == "ok" else run.content.get("ename")
            assert outcome in ("ok", "Interrupted"), f"round {round_}: {code} after {delay:.2f} s\n{run.describe()}"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            assert km.is_alive(), f"round {round_}: the kernel died"
        print(f"soak outcomes: {outcomes}")
        assert outcomes.get("Interrupted", 0) >= ROUNDS // 4, outcomes  # the interrupts did land

        after = run_cell(kc, CHECKSUM)
        assert after.result_text == before.result_text, (before.result_text, after.result_text)
        for code in MAGICS:
            run = run_cell(kc, code, timeout=300)
            assert run.status == "ok", f"after the soak: {run.describe()}"
        for code in ("soak_fit != null", "soak_boot != null", "soak_annotations.rowCount() > 0"):
            assert run_cell(kc, code).result_text == "true", code
        assert run_cell(kc, CHECKSUM).result_text == before.result_text
