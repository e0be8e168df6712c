"""Independent float64 numpy forward pass of a LLaMA-family decoder over a Hugging Face
safetensors directory, written straight from the transformers modelling code's math.

  numpy_llama.py DIR logits OUT.f64 ID...        all-position logits, row-major float64 LE
  numpy_llama.py DIR ppl WINDOW STRIDE IDSFILE   HF fixed-length perplexity protocol -> JSON
  numpy_llama.py DIR method OUT.f64 SPEC.json ID...  logits under an extrapolation method, from
      the papers' definitions: the full score matrix, explicit masks, every (query, key) pair
      rotated at the positions the method gives it (see method_attention)
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


def rope(x, pos, inv=None, factor=1.0):  # x [heads, n, D]; rotate-half convention
    if inv is None:
        inv = 1.0 / THETA ** (np.arange(0, D, 2, dtype=np.float64) / D)
    ang = np.outer(pos, inv)
    cos, sin = np.cos(np.concatenate([ang, ang], -1)), np.sin(np.concatenate([ang, ang], -1))
    rot = np.concatenate([-x[..., D // 2:], x[..., : D // 2]], -1)
    return factor * (x * cos + rot * sin)


def causal_attention(q, k, v):
    n = q.shape[1]
    pos = np.arange(n)
    q, k = rope(q, pos), rope(k, pos)
    k, v = np.repeat(k, NH // NKV, 0), np.repeat(v, NH // NKV, 0)
    s = q @ k.transpose(0, 2, 1) / np.sqrt(D) + np.triu(np.full((n, n), -np.inf), 1)
    return softmax(s) @ v


def softmax(s):
    s = np.exp(s - s.max(-1, keepdims=True))
    return s / s.sum(-1, keepdims=True)


def proj(h, name):  # Linear, with a bias when the checkpoint has one (Qwen2)
    y = h @ W[name + ".weight"].T
    return y + W[name + ".bias"] if name + ".bias" in W else y


def hidden(ids, attention=causal_attention):
    n = len(ids)
    x = W["model.embed_tokens.weight"][ids]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms(x, W[p + "input_layernorm.weight"])
        q = proj(h, p + "self_attn.q_proj").reshape(n, NH, D).transpose(1, 0, 2)
        k = proj(h, p + "self_attn.k_proj").reshape(n, NKV, D).transpose(1, 0, 2)
        v = proj(h, p + "self_attn.v_proj").reshape(n, NKV, D).transpose(1, 0, 2)
        a = attention(q, k, v)
        x = x + a.transpose(1, 0, 2).reshape(n, NH * D) @ W[p + "self_attn.o_proj.weight"].T
        h = rms(x, W[p + "post_attention_layernorm.weight"])
        g = h @ W[p + "mlp.gate_proj.weight"].T
        u = h @ W[p + "mlp.up_proj.weight"].T
        x = x + (g / (1 + np.exp(-g)) * u) @ W[p + "mlp.down_proj.weight"].T
    return rms(x, W["model.norm.weight"])


def log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def method_attention(spec):
    """Attention of one method, pair by pair. For query i and key j the method gives whether i
    reads j and the positions (pq, pk) at which q_i and k_j are rotated (or the distance i - j
    ALiBi penalises):
      full / sliding W: j <= i (and i - j < W); pq, pk = i, j
      lminfinite G, L, C: j <= i and (i - j < L or j < G); band keys at i, j; global keys
          outside the band at C, 0 (distance C)
      sinks S, R: the cache query i sees is [0, S) + (i - R, i]; pq, pk = their indices in it
    positions "rope" rotates with spec's inv_freq and attention factor, "nope" not at all,
    "alibi" adds -slope_h * (pq - pk)."""
    w = spec["window"]
    kind = w["kind"]
    inv = np.array(spec.get("inv_freq")) if "inv_freq" in spec else None
    factor = spec.get("attention_factor", 1.0)
    slopes = np.array(spec.get("slopes", []))

    def placed(i, j):
        if j > i:
            return None
        if kind == "full":
            return i, j
        if kind == "sliding":
            return (i, j) if i - j < w["size"] else None
        if kind == "lminfinite":
            if i - j < w["local"]:
                return i, j
            return (w["cap"], 0) if j < w["global"] else None
        if kind == "sinks":
            cache = list(range(min(w["start"], i + 1))) + [t for t in range(max(0, i - w["recent"] + 1), i + 1)
                                                            if t >= w["start"]]
            return (cache.index(i), cache.index(j)) if j in cache else None
        raise ValueError(kind)

    def attention(q, k, v):
        n = q.shape[1]
        k, v = np.repeat(k, NH // NKV, 0), np.repeat(v, NH // NKV, 0)
        s = np.full((NH, n, n), -np.inf)
        for i in range(n):
            for j in range(i + 1):
                p = placed(i, j)
                if p is None:
                    continue
                qi, kj = q[:, i:i + 1], k[:, j:j + 1]
                if spec["positions"] == "rope":
                    qi, kj = rope(qi, [p[0]], inv, factor), rope(kj, [p[1]], inv, factor)
                s[:, i, j] = (qi * kj).sum(-1)[:, 0] / np.sqrt(D)
                if spec["positions"] == "alibi":
                    s[:, i, j] -= slopes * (p[0] - p[1])
        return softmax(s) @ v

    return attention


if mode == "method":
    spec = json.load(open(sys.argv[4]))
    ids = [int(t) for t in sys.argv[5:]]
    (hidden(ids, method_attention(spec)) @ OUT.T).astype("<f8").tofile(sys.argv[3])
elif mode == "logits":
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
