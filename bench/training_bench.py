"""Training speed of lmlab's DJL trainer vs the same model in PyTorch (Python), same machine, same run.

The model is the tiny byte-level LM of notebook 41 and docs/training.md: LLaMA layout (RMSNorm,
causal multi-head attention with RoPE theta 10000, SwiGLU MLP 352, tied embeddings), width 128, 2
layers, 4 heads, vocabulary 256, trained on random 128-byte windows of the bundled Shakespeare,
batch 16, AdamW (0.9, 0.95, eps 1e-8, decay 0.1 on matrices), warm-up + cosine from 1e-2, gradient
norm clipped at 1. lmlab trains through `bin/lmlab run` with `%train lm` (its steps/s is the
trainer's own, steps only); PyTorch is torch 2.7.1 from PyPI (the wheel DJL's libtorch 2.7.1
matches; on Linux it is the CUDA build, which runs on the CPU here), with
`scaled_dot_product_attention(is_causal=True)`, timed over the same steps after the same warm-up
count. Both use --threads intra-op threads.

torch is not in the project's test environment (the wheel and its CUDA libraries are ~3.5 GB);
the first run creates `.venv-torch` beside `.venv` and installs it there (pip's cache keeps it).

Run from the repository root after `mvn -B -ntp -o -q package -DskipTests`:

    .venv/bin/python bench/training_bench.py [--steps 300] [--threads 1] [--repeats 2]
"""
import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXT = os.path.join(ROOT, "datasets/text/tinyshakespeare.txt")
TORCH_VENV = os.path.join(ROOT, ".venv-torch")
TORCH = "torch==2.7.1"


def torch_python():
    python = os.path.join(TORCH_VENV, "bin/python")
    if not os.path.exists(python):
        print(f"creating {TORCH_VENV} with {TORCH} (about 3.5 GB, once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", TORCH_VENV], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", TORCH, "numpy"],
                       check=True)
    return python


def lmlab(steps, threads):
    """Steps/s of `%train lm` (the trainer's own figure: steps only, no JVM start or model set-up)."""
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "train.lmlab")
        out = os.path.join(d, "lm")
        with open(script, "w") as f:
            f.write(f"%train lm --text {TEXT} --context 128 --layers 2 --dim 128 --heads 4 --steps {steps} "
                    f"--batch 16 --lr 1e-2 --seed 1 --threads {threads} --out {out}\n")
        subprocess.run([os.path.join(ROOT, "bin/lmlab"), "run", script], check=True, capture_output=True)
        log = json.load(open(os.path.join(out, "training.json")))
        return log["steps_per_second"], log["losses"][-1]


def torch_run(python, steps, threads):
    out = subprocess.run([python, os.path.abspath(__file__), "--torch-worker", str(steps), str(threads)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def torch_worker(steps, threads):
    """The same model and training loop in PyTorch (run in the torch venv)."""
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    vocab, dim, layers, heads, mlp, ctx, batch = 256, 128, 2, 4, 352, 128, 16
    head = dim // heads
    data = torch.tensor(list(open(TEXT, "rb").read()), dtype=torch.long)
    data = data[: int(len(data) * 0.9)]

    def normal(*shape, std=0.02):
        return torch.nn.Parameter(torch.randn(*shape) * std)

    residual = 0.02 / math.sqrt(2 * layers)
    params = {"embed": normal(vocab, dim), "norm": torch.nn.Parameter(torch.ones(dim))}
    for i in range(layers):
        params.update({f"{i}.ln1": torch.nn.Parameter(torch.ones(dim)), f"{i}.q": normal(dim, dim),
                       f"{i}.k": normal(dim, dim), f"{i}.v": normal(dim, dim), f"{i}.o": normal(dim, dim, std=residual),
                       f"{i}.ln2": torch.nn.Parameter(torch.ones(dim)), f"{i}.gate": normal(mlp, dim),
                       f"{i}.up": normal(mlp, dim), f"{i}.down": normal(dim, mlp, std=residual)})
    inv = 1.0 / (10000 ** (torch.arange(0, head, 2).float() / head))
    angles = torch.outer(torch.arange(ctx).float(), inv)
    cos, sin = torch.cat([angles.cos()] * 2, -1), torch.cat([angles.sin()] * 2, -1)

    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5) * w

    def rotate(x):
        a, b = x[..., : head // 2], x[..., head // 2:]
        return x * cos + torch.cat([-b, a], -1) * sin

    def forward(ids):
        b, t = ids.shape
        x = params["embed"][ids]
        for i in range(layers):
            h = rms(x, params[f"{i}.ln1"])
            q, k, v = (F.linear(h, params[f"{i}.{n}"]).view(b, t, heads, head).transpose(1, 2) for n in "qkv")
            a = F.scaled_dot_product_attention(rotate(q), rotate(k), v, is_causal=True)
            x = x + F.linear(a.transpose(1, 2).reshape(b, t, dim), params[f"{i}.o"])
            h = rms(x, params[f"{i}.ln2"])
            x = x + F.linear(F.silu(F.linear(h, params[f"{i}.gate"])) * F.linear(h, params[f"{i}.up"]),
                             params[f"{i}.down"])
        return F.linear(rms(x, params["norm"]), params["embed"])

    decay = [p for n, p in params.items() if p.dim() >= 2]
    rest = [p for n, p in params.items() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=1e-2, betas=(0.9, 0.95), eps=1e-8)
    warm = min(100, steps // 10)
    generator = torch.Generator().manual_seed(1)
    loss = None
    started = time.perf_counter()  # all steps, as lmlab's figure (batch drawing included on both sides)
    for step in range(steps):
        lr = 1e-2 * (step + 1) / warm if step < warm else \
            1e-3 + 0.5 * (1e-2 - 1e-3) * (1 + math.cos(math.pi * (step - warm) / max(1, steps - warm)))
        for g in opt.param_groups:
            g["lr"] = lr
        starts = torch.randint(0, len(data) - ctx - 1, (batch,), generator=generator)
        rows = torch.stack([data[s: s + ctx + 1] for s in starts])
        logits = forward(rows[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab), rows[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(params.values()), 1.0)
        opt.step()
    seconds = time.perf_counter() - started
    print(json.dumps({"steps_per_second": steps / seconds, "loss": loss.item(), "torch": torch.__version__}))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--torch-worker":
        torch_worker(int(sys.argv[2]), int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args()
    python = torch_python()
    ours, theirs = [], []
    for _ in range(args.repeats):  # interleaved, so both see the same machine load
        ours.append(lmlab(args.steps, args.threads))
        theirs.append(torch_run(python, args.steps, args.threads))
    best_ours = max(s for s, _ in ours)
    best_torch = max(r["steps_per_second"] for r in theirs)
    load = os.getloadavg()[0]
    print(f"tiny byte-level LM (width 128, 2 layers, batch 16 x 128 tokens), {args.steps} steps, {args.threads} "
          f"thread(s), best of {args.repeats}; {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"load average {load:.1f}\n")
    print("| trainer | steps/s | final loss |")
    print("|---|---|---|")
    print(f"| lmlab `%train lm` (DJL 0.35.1, libtorch 2.7.1) | {best_ours:.2f} | {ours[-1][1]:.3f} |")
    print(f"| PyTorch {theirs[-1]['torch']} (Python, eager, SDPA) | {best_torch:.2f} | {theirs[-1]['loss']:.3f} |")
    print(f"\nlmlab / PyTorch: {best_ours / best_torch:.2f}x")


if __name__ == "__main__":
    main()
