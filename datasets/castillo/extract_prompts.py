#!/usr/bin/env python3
"""Builds dolly_test_prompts.jsonl: the texts of CASTILLO's 200 DollyDataset test prompts.

castillo_test.jsonl keeps lengths only; the sampling notebook needs the prompts themselves. This
reads the 13 models' preprocessed Dolly test files of the CASTILLO code repository at the commit
of PROVENANCE.md (``git show``, no checkout), checks that every model was given the same text for
a prompt id, that the id is upstream's ``sha256(f"{dataset}_{prompt_text}")[:16]``, and that the
ids are those of castillo_test.jsonl, then writes one row per prompt in the first file's order.

    python3 datasets/castillo/extract_prompts.py PATH/TO/castillo_code    (a clone, or a bare mirror)
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

COMMIT = "d13a0d7a45201d618ce94006c622fc22275def2a"
PREFIX = "data/preprocessed/test/preproc_DollyDataset_test_"
HERE = Path(__file__).resolve().parent


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def main(repo: str) -> None:
    paths = sorted(p for p in git(repo, "ls-tree", "-r", "--name-only", COMMIT, "data/preprocessed/test/").split()
                   if p.startswith(PREFIX))
    assert len(paths) == 13, paths
    prompts: dict[str, dict] = {}
    for path in paths:
        for row in json.loads(git(repo, "show", f"{COMMIT}:{path}")):
            pid, text = row["prompt_id"], row["prompt_text"]
            assert hashlib.sha256(f"{row['dataset']}_{text}".encode()).hexdigest()[:16] == pid, (path, pid)
            seen = prompts.setdefault(pid, {"prompt_id": pid, "dataset": row["dataset"], "category": row["category"],
                                            "prompt": text, "prompt_chars": len(text)})
            assert (seen["prompt"], seen["category"]) == (text, row["category"]), (path, pid)
    with open(HERE / "castillo_test.jsonl", encoding="utf-8") as f:
        reference = {r["prompt_id"] for r in map(json.loads, f) if r["dataset"] == "DollyDataset"}
    assert reference == set(prompts), "the prompt ids differ from castillo_test.jsonl's"
    with open(HERE / "dolly_test_prompts.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for row in prompts.values():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(prompts)} prompts from {len(paths)} files -> {HERE / 'dolly_test_prompts.jsonl'}")


if __name__ == "__main__":
    main(sys.argv[1])
