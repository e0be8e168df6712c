#!/usr/bin/env python3
"""Markdown tables from the full SmolLM2 grid's results files (bench/results/*.jsonl).

Reads the files as written by `%extrapolate sweep --out` (a header line, then one JSON row per
finished cell with its CRC) and prints, for docs/models.md and docs/benchmarks.md:
  - passkey: correct of trials per method x depth x length ("..." where no trial has run yet);
  - throughput: cells, tokens, cell seconds, cells per hour and tokens/s per results file and
    per (method, length).
Usage: python bench/grid_tables.py [bench/results]
"""
import json
import sys
from collections import defaultdict
from pathlib import Path


def rows(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            record = json.loads(line)
            if "cell" in record:
                out.append(record)
            elif number != 1:
                raise ValueError(f"{path}:{number}: neither the header nor a cell row")
    return out


def passkey_table(cells: list[dict]) -> str:
    methods = list(dict.fromkeys(c["method"] for c in cells))
    lengths = sorted({c["length"] for c in cells})
    depths = sorted({c["depth"] for c in cells})
    tally = defaultdict(lambda: [0, 0])
    for c in cells:
        t = tally[(c["method"], c["depth"], c["length"])]
        t[0] += bool(c["correct"])
        t[1] += 1
    lines = ["| method | depth | " + " | ".join(f"{n // 1024}k" for n in lengths) + " |",
             "|---|---|" + "---|" * len(lengths)]
    for m in methods:
        for d in depths:
            marks = []
            for n in lengths:
                ok, runs = tally.get((m, d, n), (0, 0))
                marks.append(f"{ok}/{runs}" if runs else "…")
            lines.append(f"| {m} | {d} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def throughput(name: str, cells: list[dict]) -> list[str]:
    seconds = sum(c["seconds"] for c in cells)
    tokens = sum(c["tokens"] for c in cells)
    per_hour = len(cells) / seconds * 3600 if seconds else float("nan")
    return [f"| {name} | {len(cells)} | {tokens:,} | {seconds:,.0f} s | {per_hour:.1f} | "
            f"{tokens / seconds if seconds else float('nan'):.1f} |"]


def by_method_length(cells: list[dict]) -> str:
    groups = defaultdict(list)
    for c in cells:
        groups[(c["method"], c["length"])].append(c)
    lines = ["| method | length | cells | mean s / cell | tokens / s |", "|---|---|---|---|---|"]
    for (m, n), group in groups.items():
        seconds = sum(c["seconds"] for c in group)
        tokens = sum(c["tokens"] for c in group)
        lines.append(f"| {m} | {n} | {len(group)} | {seconds / len(group):,.0f} | {tokens / seconds:.1f} |")
    return "\n".join(lines)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
    files = sorted(folder.glob("smollm2-*.jsonl"))
    if not files:
        sys.exit(f"no smollm2-*.jsonl results files in {folder}")
    table = ["| part | cells | tokens | cell time | cells / hour | tokens / s |", "|---|---|---|---|---|---|"]
    for path in files:
        cells = rows(path)
        table += throughput(path.stem, cells)
        if path.stem.endswith("passkey"):
            print(f"## {path.name}: correct of trials\n\n{passkey_table(cells)}\n")
            print(f"## {path.name}: time per cell\n\n{by_method_length(cells)}\n")
    print("## throughput\n\n" + "\n".join(table))


if __name__ == "__main__":
    main()
