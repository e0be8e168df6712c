"""Independent float64 numpy forward pass of a LLaMA-family decoder over a Hugging Face
safetensors directory, written straight from the transformers modelling code's math.

  numpy_llama.py DIR logits OUT.f64 ID...        all-position logits, row-major float64 LE
  numpy_llama.py DIR ppl WINDOW STRIDE IDSFILE   HF fixed-length perplexity protocol -> JSON
"""
import glob
import json
import struct
import sys

import numpy as np

model_dir, mode = sys.argv[1], sys.argv[2]
cfg = json.load(open(f"{model_dir}/config.json"))


def load_shard(path):
    """safetensors by its spec (numpy has no bfloat16, so safetensors.numpy cannot read BF16)."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        raw = data[t["data_offsets"][0]:t["data_offsets"][1]]
        if t["dtype"] == "BF16":
            a = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            a = np.frombuffer(raw, {"F32": "<f4", "F16": "<f2"}[t["dtype"]])
        out[name] = a.astype(np.float64).reshape(t["shape"])
    return out


W = {}
for shard in sorted(glob.glob(f"{model_dir}/*.safetensors")):
    W.update(load_shard(shard))
H, NH, NKV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
D = cfg.get("head_dim") or H // NH
EPS, THETA = cfg["rms_norm_eps"], cfg["rope_theta"]
OUT = W["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else W["lm_head.weight"]


def rms(x, w):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + EPS) * w


def rope(x, pos):  # x [heads, n, D]; rotate-half convention
    inv = 1.0 / THETA ** (np.arange(0, D, 2, dtype=np.float64) / D)
    ang = np.outer(pos, inv)
    cos, sin = np.cos(np.concatenate([ang, ang], -1)), np.sin(np.concatenate([ang, ang], -1))
    rot = np.concatenate([-x[..., D // 2:], x[..., : D // 2]], -1)
    return x * cos + rot * sin


def proj(h, name):  # Linear, with a bias when the checkpoint has one (Qwen2)
    y = h @ W[name + ".weight"].T
    return y + W[name + ".bias"] if name + ".bias" in W else y


def hidden(ids):
    n = len(ids)
    x = W["model.embed_tokens.weight"][ids]
    pos = np.arange(n)
    mask = np.triu(np.full((n, n), -np.inf), 1)
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms(x, W[p + "input_layernorm.weight"])
        q = proj(h, p + "self_attn.q_proj").reshape(n, NH, D).transpose(1, 0, 2)
        k = proj(h, p + "self_attn.k_proj").reshape(n, NKV, D).transpose(1, 0, 2)
        v = proj(h, p + "self_attn.v_proj").reshape(n, NKV, D).transpose(1, 0, 2)
        q, k = rope(q, pos), rope(k, pos)
        k, v = np.repeat(k, NH // NKV, 0), np.repeat(v, NH // NKV, 0)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(D) + mask
        s = np.exp(s - s.max(-1, keepdims=True))
        a = (s / s.sum(-1, keepdims=True)) @ v
        x = x + a.transpose(1, 0, 2).reshape(n, NH * D) @ W[p + "self_attn.o_proj.weight"].T
        h = rms(x, W[p + "post_attention_layernorm.weight"])
        g = h @ W[p + "mlp.gate_proj.weight"].T
        u = h @ W[p + "mlp.up_proj.weight"].T
        x = x + (g / (1 + np.exp(-g)) * u) @ W[p + "mlp.down_proj.weight"].T
    return rms(x, W["model.norm.weight"])


def log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


if mode == "logits":
    ids = [int(t) for t in sys.argv[4:]]
    (hidden(ids) @ OUT.T).astype("<f8").tofile(sys.argv[3])
elif mode == "ppl":
    window, stride = int(sys.argv[3]), int(sys.argv[4])
    ids = [int(t) for t in open(sys.argv[5]).read().split()]
    nll, count, prev_end = 0.0, 0, 0
    for begin in range(0, len(ids), stride):
        end = min(begin + window, len(ids))
        trg = end - prev_end  # only tokens not scored by an earlier window count
        h = hidden(ids[begin:end])
        lp = log_softmax(h[:-1] @ OUT.T)
        targets = np.array(ids[begin + 1:end])
        token_lp = lp[np.arange(len(targets)), targets]
        scored = token_lp[-min(trg, len(targets)):]
        nll -= scored.sum()
        count += len(scored)
        prev_end = end
        if end == len(ids):
            break
    print(json.dumps({"nll": nll, "count": count, "ppl": float(np.exp(nll / count))}))
