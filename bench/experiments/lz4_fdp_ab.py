"""A/B experiment (commit "Experiment: ...", reverted): lmlab's read with switch off / on, beside pyarrow.

Writes the table_bench.py files once, then per round: lmlab (-DPROP=false), lmlab (-DPROP=true), pyarrow.

    WT=$PWD .venv/bin/python bench/experiments/lz4_fdp_ab.py ROUNDS REPEATS
        LMLAB_WRITTEN=1  read a copy written by lmlab's Feather.write (independent LZ4 blocks)
        FMT=csv ROWS=1000000 A=Decimals B=fastdoubleparser PROP=lmlab.fdp   the CSV file instead
"""
import os, sys, subprocess, tempfile, shutil, statistics
from pathlib import Path
sys.argv = [sys.argv[0]] + sys.argv[1:]
ROOT = Path(os.environ["WT"])
sys.path.insert(0, str(ROOT / "bench"))
import table_bench as tb
rounds, repeats = int(sys.argv[1]), int(sys.argv[2])
cp = tb.classpath()
folder = Path(tempfile.mkdtemp(prefix="lz4ab-"))
try:
    cases = tb.write_files(folder, int(os.environ.get("ROWS", "10000000")), 1_000_000, 20240)
    case = [c for c in cases if c.fmt == os.environ.get("FMT", "feather")][0]
    if os.environ.get("LMLAB_WRITTEN"):
        out = folder / "lmlab.feather"
        subprocess.run(["java", *tb.JVM_FLAGS, "-cp", cp, str(ROOT / "bench" / "experiments" / "Rewrite.java"), str(case.path), str(out)], check=True)
        case.path = out
        case.note = "written by lmlab's Feather.write (LZ4 frames of independent blocks)"
    print("feather:", case.note, f"{case.path.stat().st_size/2**20:.0f} MiB", "load", os.getloadavg(), flush=True)
    for r in range(rounds):
        row = {}
        for name, flag in ((os.environ.get("A", "own"), "false"), (os.environ.get("B", "lz4-java"), "true")):
            cmd = tb.java_command(cp, case, repeats)
            cmd.insert(1, f"-D{os.environ.get('PROP', 'lmlab.lz4java')}={flag}")
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode: sys.exit(done.stderr)
            t = [float(l.split()[1]) for l in done.stdout.splitlines() if l.startswith("read ")]
            row[name] = t
        pa = tb.time_python(case.pyarrow, case.path, repeats, case.rows, "pyarrow").times
        line = f"round {r+1} load {os.getloadavg()[0]:.1f}: pyarrow {min(pa)*1e3:.0f}/{statistics.median(pa)*1e3:.0f} ms"
        for name, t in row.items():
            line += f" | {name} {min(t)*1e3:.0f}/{statistics.median(t)*1e3:.0f} ms = {min(pa)/min(t):.2f}/{statistics.median(pa)/statistics.median(t):.2f}x pyarrow"
        print(line, flush=True)
finally:
    shutil.rmtree(folder, ignore_errors=True)
