"""Float64 numpy forward pass of a checkpoint written by lmlab's trainer, from the papers' definitions.

usage: numpy_transformer.py DIR BATCH_JSON
BATCH_JSON: {"inputs": [[...]], "targets": [[...]], "lengths": [...]} (targets -1: unscored; right padding)
prints JSON: {"loss": mean NLL over scored positions, "logits": [B][T][V]}
"""
import json
import math
import sys

import numpy as np
from safetensors.numpy import load_file


def alibi_slopes(n):
    # Press et al., the paper's reference code (get_slopes)
    def power_of_2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        return [start * start ** i for i in range(n)]
    if math.log2(n).is_integer():
        return power_of_2(n)
    closest = 2 ** math.floor(math.log2(n))
    return power_of_2(closest) + alibi_slopes(2 * closest)[0::2][:n - closest]


def t5_bucket(relative_position, num_buckets, max_distance):
    # T5's relative_position_bucket, bidirectional=False; relative_position = key - query
    n = np.maximum(-relative_position, 0)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    with np.errstate(divide="ignore"):
        large = max_exact + (np.log(n.astype(np.float32) / max_exact) / np.float32(math.log(max_distance / max_exact))
                             * np.float32(num_buckets - max_exact)).astype(np.int64)
    large = np.minimum(large, num_buckets - 1)
    return np.where(is_small, n, large)


def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rotate(x, theta):
    # RoPE, rotate-half layout: pairs (i, i + d/2), angle pos * theta^(-2i/d)
    t, d = x.shape[-2], x.shape[-1]
    inv = theta ** (-np.arange(0, d // 2) * 2.0 / d)
    angles = np.arange(t)[:, None] * inv[None, :]
    cos = np.concatenate([np.cos(angles)] * 2, axis=-1)
    sin = np.concatenate([np.sin(angles)] * 2, axis=-1)
    half = np.concatenate([-x[..., d // 2:], x[..., :d // 2]], axis=-1)
    return x * cos + half * sin


def main():
    directory, batch_file = sys.argv[1], sys.argv[2]
    cfg = json.load(open(directory + "/config.json"))
    w = {k: v.astype(np.float64) for k, v in load_file(directory + "/model.safetensors").items()}
    batch = json.load(open(batch_file))
    ids = np.array(batch["inputs"])
    targets = np.array(batch["targets"])
    lengths = np.array(batch["lengths"])
    b, t = ids.shape
    hidden, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    d = hidden // heads
    eps = cfg["rms_norm_eps"]
    pe = cfg["lmlab_position_encoding"]
    kind = pe["type"]

    x = w["model.embed_tokens.weight"][ids]
    if kind == "absolute":
        x = x + w["model.embed_positions.weight"][:t]
    if kind == "sinusoidal":
        pos = np.arange(t)[:, None]
        i = np.arange(hidden // 2)[None, :]
        angle = pos / pe["base"] ** (2.0 * i / hidden)
        table = np.zeros((t, hidden))
        table[:, 0::2] = np.sin(angle)
        table[:, 1::2] = np.cos(angle)
        x = x * math.sqrt(hidden) + table  # Vaswani et al. 3.4: embeddings times sqrt(d_model)

    q_pos = np.arange(t)[:, None]
    k_pos = np.arange(t)[None, :]
    bias = np.zeros((b, heads, t, t))
    allowed = (k_pos <= q_pos)[None, :, :] & (k_pos[None, :, :] < lengths[:, None, None])
    bias = np.where(allowed[:, None, :, :], bias, -np.inf)
    if kind == "alibi":
        slopes = np.array(alibi_slopes(heads))
        bias = bias - slopes[None, :, None, None] * (q_pos - k_pos)[None, None, :, :]
    if kind == "t5":
        buckets = t5_bucket(k_pos - q_pos, pe["num_buckets"], pe["max_distance"])
        table = w["model.relative_attention_bias.weight"]  # [buckets, heads]
        bias = bias + np.transpose(table[buckets], (2, 0, 1))[None]

    for layer in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % layer
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)

        def split(m):
            return m.reshape(b, t, heads, d).transpose(0, 2, 1, 3)
        q = split(h @ w[p + "self_attn.q_proj.weight"].T)
        k = split(h @ w[p + "self_attn.k_proj.weight"].T)
        v = split(h @ w[p + "self_attn.v_proj.weight"].T)
        if kind == "rope":
            q, k = rotate(q, pe["rope_theta"]), rotate(k, pe["rope_theta"])
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + bias
        s = s - s.max(axis=-1, keepdims=True)
        prob = np.exp(s)
        prob = prob / prob.sum(axis=-1, keepdims=True)
        o = (prob @ v).transpose(0, 2, 1, 3).reshape(b, t, hidden)
        x = x + o @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    out = w["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else w["lm_head.weight"]
    logits = x @ out.T
    z = logits - logits.max(axis=-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    scored = (targets >= 0) & (np.arange(t)[None, :] < lengths[:, None])
    nll = -np.take_along_axis(logp, np.maximum(targets, 0)[..., None], axis=-1)[..., 0]
    loss = nll[scored].mean()
    print(json.dumps({"loss": float(loss), "logits": logits.tolist()}))


main()
