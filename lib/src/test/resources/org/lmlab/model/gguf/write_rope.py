"""Writes small GGUF files carrying RoPE scaling keys and tensors, for GgufRopeTest, and the numpy
float64 reference of what llama.cpp computes from them.

Input (argv[1], JSON): {"dir": ..., "cases": [{"name", "head_dim", "base", "context", "kv": [[key,
type, value], ...], "tensors": {name: [values] | {"llama3": {factor, low, high, orig}}}}]}; key
names are given without the "llama." prefix. A tensor given as {"llama3": ...} is computed the way
llama.cpp's convert_hf_to_gguf.py computes rope_freqs for Llama 3.1 (1, factor, or the smooth blend
1 / ((1 - s) / factor + s), per pair, stored as float32).

Output (stdout, JSON): per case the file and, when it has rope_freqs.weight, "inv_freq": base^(-2i/d)
/ freq_factors[i] (llama.cpp's theta / freq_factors, with d = rope.dimension_count or head_dim) from
the float32 factors as stored, and for llama3 tensors "llama3_inv_freq": transformers' llama3 formula
in float64 (to measure what float32 storage of the factors costs).
"""
import json
import math
import os
import sys

import numpy as np
from gguf import GGUFWriter


def llama3_factors(inv, c):
    low_wl, high_wl = c["orig"] / c["low"], c["orig"] / c["high"]
    out = []
    for f in inv:
        wl = 2 * math.pi / f
        if wl < high_wl:
            out.append(1.0)
        elif wl > low_wl:
            out.append(c["factor"])
        else:
            s = (c["orig"] / wl - c["low"]) / (c["high"] - c["low"])
            out.append(1 / ((1 - s) / c["factor"] + s))
    return np.asarray(out, dtype=np.float32)


def llama3_inv(inv, c):
    wl = 2 * math.pi / inv
    low_wl, high_wl = c["orig"] / c["low"], c["orig"] / c["high"]
    s = (c["orig"] / wl - c["low"]) / (c["high"] - c["low"])
    blended = (1 - s) * inv / c["factor"] + s * inv
    return np.where(wl > low_wl, inv / c["factor"], np.where(wl < high_wl, inv, blended))


def write(case, directory):
    path = os.path.join(directory, case["name"] + ".gguf")
    head, heads = int(case["head_dim"]), 2  # Gson writes numbers as 2048.0
    w = GGUFWriter(path, arch="llama")
    w.add_block_count(1)
    w.add_context_length(int(case["context"]))
    w.add_embedding_length(head * heads)
    w.add_feed_forward_length(64)
    w.add_head_count(heads)
    w.add_head_count_kv(heads)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(case["base"])
    w.add_vocab_size(16)
    adders = {"string": w.add_string, "f32": w.add_float32, "u32": lambda k, v: w.add_uint32(k, int(v))}
    for key, kind, value in case.get("kv", []):
        adders[kind]("llama." + key, value)
    rot = int(next((v for k, _, v in case.get("kv", []) if k == "rope.dimension_count"), head))
    inv = 1.0 / (float(case["base"]) ** (np.arange(0, rot, 2, dtype=np.int64).astype(np.float64) / rot))
    result = {"name": case["name"], "file": path}
    w.add_tensor("token_embd.weight", np.zeros((16, head * heads), dtype=np.float32))
    for name, values in case.get("tensors", {}).items():
        if isinstance(values, dict):
            data = llama3_factors(inv, values["llama3"])
            result["llama3_inv_freq"] = llama3_inv(inv, values["llama3"]).tolist()
        else:
            data = np.asarray(values, dtype=np.float32)
        w.add_tensor(name, data)
        if name == "rope_freqs.weight" and len(data) == len(inv):
            # llama.cpp: theta_i = p * base^(-2i/d) / freq_factors[i]; the factors as stored (float32)
            result["inv_freq"] = (inv / data.astype(np.float64)).tolist()
            result["factors"] = data.astype(np.float64).tolist()
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return result


def main():
    spec = json.load(open(sys.argv[1]))
    json.dump({"cases": [write(c, spec["dir"]) for c in spec["cases"]]}, sys.stdout)


main()
