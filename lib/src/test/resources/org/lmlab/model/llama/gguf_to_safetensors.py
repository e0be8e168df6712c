"""Writes a Hugging Face safetensors directory (config.json + model.safetensors, F32) from a
LLaMA-architecture GGUF: dequantises every tensor with gguf.quants, renames to transformers'
names and undoes llama.cpp's q/k row permutation. Usage: gguf_to_safetensors.py GGUF OUTDIR"""
import json
import sys

import numpy as np
import gguf
from gguf.quants import dequantize
from safetensors.numpy import save_file

src, out = sys.argv[1], sys.argv[2]
r = gguf.GGUFReader(src)


def field(key):
    return r.fields[key].contents()


n_head = int(field("llama.attention.head_count"))
n_kv = int(field("llama.attention.head_count_kv"))


def unpermute(w, heads):
    # convert_hf_to_gguf.permute: reshape(heads, 2, rows/heads/2, cols).swapaxes(1, 2).
    # Its inverse splits rows as (heads, rows/heads/2, 2) and swaps back.
    return w.reshape(heads, w.shape[0] // heads // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


names = {
    "token_embd.weight": "model.embed_tokens.weight",
    "output_norm.weight": "model.norm.weight",
    "output.weight": "lm_head.weight",
}
per_layer = {
    "attn_norm": "input_layernorm", "ffn_norm": "post_attention_layernorm",
    "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj", "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj", "ffn_gate": "mlp.gate_proj", "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}
tensors = {}
for t in r.tensors:
    w = dequantize(t.data, t.tensor_type).astype(np.float32)
    rows_cols = [int(x) for x in reversed(t.shape.tolist())]
    w = w.reshape(rows_cols)
    if t.name.startswith("blk."):
        _, layer, kind, suffix = t.name.split(".")
        name = f"model.layers.{layer}.{per_layer[kind]}.{suffix}"
        if kind == "attn_q":
            w = unpermute(w, n_head)
        elif kind == "attn_k":
            w = unpermute(w, n_kv)
    else:
        name = names[t.name]
    tensors[name] = np.ascontiguousarray(w)

hidden = int(field("llama.embedding_length"))
config = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": int(tensors["model.embed_tokens.weight"].shape[0]),
    "hidden_size": hidden,
    "intermediate_size": int(field("llama.feed_forward_length")),
    "num_hidden_layers": int(field("llama.block_count")),
    "num_attention_heads": n_head,
    "num_key_value_heads": n_kv,
    "head_dim": hidden // n_head,
    "rope_theta": float(field("llama.rope.freq_base")),
    "rms_norm_eps": float(field("llama.attention.layer_norm_rms_epsilon")),
    "max_position_embeddings": int(field("llama.context_length")),
    "tie_word_embeddings": "lm_head.weight" not in tensors,
    "torch_dtype": "float32",
}
save_file(tensors, f"{out}/model.safetensors")
with open(f"{out}/config.json", "w") as f:
    json.dump(config, f, indent=2)
print(json.dumps(config))
