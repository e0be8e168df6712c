"""Writes a tiny random LLaMA/Qwen2-style Hugging Face directory for tests and prints, as JSON,
every tensor's values as float32 after widening (the reference for our reader).
Usage: tiny_model.py DIR DTYPE(F32|F16|BF16) SHARDS ARCH(llama|qwen2) TIED(0|1)"""
import json
import struct
import sys

import numpy as np

out, dtype, shards, arch, tied = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
rng = np.random.default_rng(7)
V, H, I, L, NH, NKV, D = 32, 16, 24, 2, 4, 2, 4
config = {
    "model_type": arch, "vocab_size": V, "hidden_size": H, "intermediate_size": I,
    "num_hidden_layers": L, "num_attention_heads": NH, "num_key_value_heads": NKV, "head_dim": D,
    "rope_theta": 10000.0, "rms_norm_eps": 1e-6, "max_position_embeddings": 128,
    "tie_word_embeddings": tied,
}
shapes = {"model.embed_tokens.weight": (V, H)}
for i in range(L):
    p = f"model.layers.{i}."
    shapes.update({
        p + "input_layernorm.weight": (H,), p + "post_attention_layernorm.weight": (H,),
        p + "self_attn.q_proj.weight": (NH * D, H), p + "self_attn.k_proj.weight": (NKV * D, H),
        p + "self_attn.v_proj.weight": (NKV * D, H), p + "self_attn.o_proj.weight": (H, NH * D),
        p + "mlp.gate_proj.weight": (I, H), p + "mlp.up_proj.weight": (I, H), p + "mlp.down_proj.weight": (H, I),
    })
    if arch == "qwen2":
        shapes.update({p + "self_attn.q_proj.bias": (NH * D,), p + "self_attn.k_proj.bias": (NKV * D,),
                       p + "self_attn.v_proj.bias": (NKV * D,)})
shapes["model.norm.weight"] = (H,)
if not tied:
    shapes["lm_head.weight"] = (V, H)


def encode(a):
    """Raw little-endian bytes in dtype and the float32 values those bytes stand for."""
    a = a.astype(np.float32)
    if dtype == "F32":
        return a.tobytes(), a
    if dtype == "F16":
        h = a.astype("<f2")
        return h.tobytes(), h.astype(np.float32)
    bits = (a.view(np.uint32) >> 16).astype("<u2")  # BF16 by truncation
    return bits.tobytes(), (bits.astype(np.uint32) << 16).view(np.float32)


names = list(shapes)
values, weight_map = {}, {}
for s in range(shards):
    part = names[s::shards]
    fname = "model.safetensors" if shards == 1 else f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
    header, blobs, offset = {}, [], 0
    for n in part:
        scale = 1.0 if n.endswith("norm.weight") else 0.3
        raw, widened = encode(rng.normal(0, scale, shapes[n]) + (1.0 if n.endswith("norm.weight") else 0.0))
        header[n] = {"dtype": dtype, "shape": list(shapes[n]), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
        values[n] = widened.ravel().tolist()
        weight_map[n] = fname
    hjson = json.dumps(header).encode()
    with open(f"{out}/{fname}", "wb") as f:
        f.write(struct.pack("<Q", len(hjson)) + hjson + b"".join(blobs))
if shards > 1:
    json.dump({"metadata": {}, "weight_map": weight_map}, open(f"{out}/model.safetensors.index.json", "w"))
json.dump(config, open(f"{out}/config.json", "w"))
print(json.dumps(values))
