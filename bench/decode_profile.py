"""Sums a PyTorch profiler trace (written by org.lmlab.model.llama.DecodeProfile) by operation.

    python bench/decode_profile.py TRACE.json STEPS

Prints, per top-level engine operation (one DJL call; the aten calls it makes inside are counted
in it), the calls and milliseconds per decode step, then the time between operations (Java, JNI
and DJL's bookkeeping) as the rest of the traced span.
"""
import collections
import json
import sys


def main():
    events = [e for e in json.load(open(sys.argv[1])) if e.get("ph") == "X"]
    steps = int(sys.argv[2])
    events.sort(key=lambda e: (e["ts"], -e["dur"]))
    top, end = [], -1.0
    for e in events:  # an event inside the previous top-level one is one of its own calls
        if e["ts"] >= end:
            top.append(e)
            end = e["ts"] + e["dur"]
    by = collections.defaultdict(lambda: [0, 0.0])
    for e in top:
        by[e["name"]][0] += 1
        by[e["name"]][1] += e["dur"]
    span = (top[-1]["ts"] + top[-1]["dur"] - top[0]["ts"]) / 1000 / steps
    inside = sum(v[1] for v in by.values()) / 1000 / steps
    print(f"{'operation':28} {'calls/step':>10} {'ms/step':>8}")
    for name, (n, us) in sorted(by.items(), key=lambda kv: -kv[1][1]):
        if us / 1000 / steps >= 0.05:
            print(f"{name:28} {n / steps:10.0f} {us / 1000 / steps:8.2f}")
    calls = sum(v[0] for v in by.values()) / steps
    print(f"{'all operations':28} {calls:10.0f} {inside:8.2f}")
    print(f"{'between operations':28} {'':10} {span - inside:8.2f}   (traced span {span:.2f} ms/step)")


if __name__ == "__main__":
    main()
