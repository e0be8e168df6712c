"""Independent numpy recomputation of transformers v5.0.0 RoPE scaling
(src/transformers/modeling_rope_utils.py), in float64, for RopeScalingNumpyTest.

Input (argv[1], JSON): {"positions": [...], "cases": [{"name", "config", "head_dim", "base",
"partial_rotary_factor", "max_position_embeddings", "seq_len"}]}; "config" is the rope_scaling /
rope_parameters dict as in config.json. Output (stdout, JSON): per case inv_freq, attention_factor
and attention_factor * cos / sin of position * inv_freq at every position; plus "float32": the
largest |cos| error of a float32 evaluation (transformers' dtype) against float64.
"""
import json
import math
import sys

import numpy as np


def standardize(case):
    """transformers' standardize_rope_params: type -> rope_type, theta/prf into the dict,
    original_max_position_embeddings defaulted to max_position_embeddings."""
    p = dict(case["config"])
    p.setdefault("rope_type", p.get("type", "default"))
    p.setdefault("rope_theta", case["base"])
    p.setdefault("partial_rotary_factor", case["partial_rotary_factor"])
    if p["rope_type"] in ("llama3", "yarn", "longrope"):
        p.setdefault("original_max_position_embeddings", case["max_position_embeddings"])
    return p


def exponents(dim):
    return np.arange(0, dim, 2, dtype=np.int64).astype(np.float64) / dim


def rope(case):
    p = standardize(case)
    base = float(p["rope_theta"])
    dim = int(case["head_dim"] * p["partial_rotary_factor"])
    max_pos = case["max_position_embeddings"]
    seq_len = case.get("seq_len")  # absent: Gson drops nulls
    kind = p["rope_type"]
    if kind == "default":
        return 1.0 / (base ** exponents(dim)), 1.0
    if kind == "linear":
        return (1.0 / (base ** exponents(dim))) / p["factor"], 1.0
    if kind == "dynamic":
        factor = p["factor"]
        s = max_pos if seq_len is None else max(seq_len, max_pos)
        b = base * ((factor * s / max_pos) - (factor - 1)) ** (dim / (dim - 2))
        return 1.0 / (b ** exponents(dim)), 1.0
    if kind == "ntk":  # lmlab extension: static NTK-aware base change
        b = base * p["factor"] ** (dim / (dim - 2))
        return 1.0 / (b ** exponents(dim)), 1.0
    if kind == "yarn":
        return yarn(p, base, dim, max_pos)
    if kind == "llama3":
        return llama3(p, base, dim)
    if kind == "longrope":
        return longrope(p, base, dim, max_pos, seq_len)
    if kind == "giraffe":  # lmlab extension: Giraffe's truncated basis
        return giraffe(p, base, dim)
    raise ValueError(kind)


def mscale(scale, m=1.0):
    return 1.0 if scale <= 1 else 0.1 * m * math.log(scale) + 1.0


def yarn(p, base, dim, max_pos):
    factor = p.get("factor")
    orig = p["original_max_position_embeddings"]
    if factor is None:
        factor = max_pos / orig
    att = p.get("attention_factor")
    ms, ms_all = p.get("mscale"), p.get("mscale_all_dim")
    if att is None:
        att = mscale(factor, ms) / mscale(factor, ms_all) if (ms and ms_all) else mscale(factor)
    beta_fast = p.get("beta_fast") or 32
    beta_slow = p.get("beta_slow") or 1

    def corr(rot):
        return (dim * math.log(orig / (rot * 2 * math.pi))) / (2 * math.log(base))

    low, high = corr(beta_fast), corr(beta_slow)
    if p.get("truncate", True):
        low, high = math.floor(low), math.ceil(high)
    low, high = max(low, 0), min(high, dim - 1)
    if low == high:
        high += 0.001
    ramp = np.clip((np.arange(dim // 2, dtype=np.float64) - low) / (high - low), 0, 1)
    pos = base ** exponents(dim)
    extra = 1.0 / pos
    inter = 1.0 / (factor * pos)
    keep = 1 - ramp
    return inter * (1 - keep) + extra * keep, float(att)


def llama3(p, base, dim):
    inv = 1.0 / (base ** exponents(dim))
    factor, lo, hi = p["factor"], p["low_freq_factor"], p["high_freq_factor"]
    orig = p["original_max_position_embeddings"]
    low_wl, high_wl = orig / lo, orig / hi
    wl = 2 * math.pi / inv
    out = np.where(wl > low_wl, inv / factor, inv)
    smooth = (orig / wl - lo) / (hi - lo)
    smoothed = (1 - smooth) * out / factor + smooth * out
    medium = ~(wl < high_wl) & ~(wl > low_wl)
    return np.where(medium, smoothed, out), 1.0


def longrope(p, base, dim, max_pos, seq_len):
    orig = p["original_max_position_embeddings"]
    factor = p.get("factor")
    if factor is None:
        factor = max_pos / orig
    att = p.get("attention_factor")
    if att is None:
        att = 1.0 if factor <= 1.0 else math.sqrt(1 + math.log(factor) / math.log(orig))
    ext = np.asarray(p["long_factor"] if (seq_len and seq_len > orig) else p["short_factor"], dtype=np.float64)
    return 1.0 / (ext * base ** exponents(dim)), float(att)


def giraffe(p, base, dim):
    """abacusai/Long-Context python/models/interpolate.py: ScaledLlamaRotaryEmbedding divides by scale
    when scale > 1, then truncate_frequency(f, cutoff = 2 pi / truncate, low = 2 pi / (truncate * 16),
    z = 8): f < cutoff -> low, then f < cutoff / z -> 0. Explicit b / a / rho replace cutoff,
    cutoff / z and low (the paper's names)."""
    f = 1.0 / (base ** exponents(dim))
    scale = p.get("factor", 1.0)
    if scale > 1.0:
        f = f / scale
    t = p.get("truncate")
    cutoff = 2 * math.pi / t if t else None
    b = p["b"] if "b" in p else cutoff
    a = p["a"] if "a" in p else cutoff / 8
    rho = p["rho"] if "rho" in p else 2 * math.pi / (t * 16)
    ft = np.where(f < b, rho, f)
    ft = np.where(f < a, 0.0, ft)
    return ft, 1.0


def float32_error(head_dim, base, positions):
    """max |cos| error when inv_freq, angles and cos are float32, as transformers computes them."""
    exps = np.arange(0, head_dim, 2, dtype=np.int64).astype(np.float32) / np.float32(head_dim)
    inv32 = (np.float32(1.0) / (np.float32(base) ** exps)).astype(np.float32)
    pos = np.asarray(positions, dtype=np.float64)
    ang32 = (pos.astype(np.float32)[:, None] * inv32[None, :]).astype(np.float32)
    cos32 = np.cos(ang32).astype(np.float64)
    cos64 = np.cos(pos[:, None] * (1.0 / (base ** exponents(head_dim)))[None, :])
    err = np.abs(cos32 - cos64).max(axis=1)
    return {str(int(q)): float(e) for q, e in zip(positions, err)}


def main():
    spec = json.load(open(sys.argv[1]))
    positions = np.asarray(spec["positions"], dtype=np.float64)
    out = []
    for case in spec["cases"]:
        inv, att = rope(case)
        ang = positions[:, None] * inv[None, :]
        out.append({
            "name": case["name"],
            "inv_freq": inv.tolist(),
            "attention_factor": att,
            "cos": (att * np.cos(ang)).tolist(),
            "sin": (att * np.sin(ang)).tolist(),
        })
    f32 = {f"head_dim {h}, base {b:g}": float32_error(h, b, spec["positions"]) for h, b in ((64, 10000.0), (128, 500000.0))}
    json.dump({"cases": out, "float32": f32}, sys.stdout)


main()
