# Writes a tiny two-layer decoder GGUF with gguf.GGUFWriter and prints its numpy tensors' sha256 (float32 LE).
# usage: write_tiny.py OUT.gguf ARCH   (ARCH: qwen2 with q/k/v biases and an untied output; llama without
# vocab_size, rope.dimension_count or key_length). Weights are seeded random F32.
import hashlib, sys
import numpy as np
from gguf import GGUFWriter

out, arch = sys.argv[1], sys.argv[2]
hidden, heads, kv, ffn, vocab, layers = 64, 4, 2, 96, 40, 2
rng = np.random.default_rng(7)
w = GGUFWriter(out, arch=arch)
w.add_block_count(layers)
w.add_context_length(256)
w.add_embedding_length(hidden)
w.add_feed_forward_length(ffn)
w.add_head_count(heads)
w.add_head_count_kv(kv)
w.add_layer_norm_rms_eps(1e-6)
w.add_rope_freq_base(1000000.0)
w.add_tokenizer_model("gpt2")
w.add_token_list([f"t{i}" for i in range(vocab)])
if arch == "qwen2":
    w.add_vocab_size(vocab)
tensors = {"token_embd.weight": (vocab, hidden), "output_norm.weight": (hidden,)}
if arch == "qwen2":
    tensors["output.weight"] = (vocab, hidden)
hd = hidden // heads
for b in range(layers):
    tensors.update({f"blk.{b}.attn_q.weight": (heads * hd, hidden), f"blk.{b}.attn_k.weight": (kv * hd, hidden),
                    f"blk.{b}.attn_v.weight": (kv * hd, hidden), f"blk.{b}.attn_output.weight": (hidden, heads * hd),
                    f"blk.{b}.ffn_gate.weight": (ffn, hidden), f"blk.{b}.ffn_up.weight": (ffn, hidden),
                    f"blk.{b}.ffn_down.weight": (hidden, ffn), f"blk.{b}.attn_norm.weight": (hidden,),
                    f"blk.{b}.ffn_norm.weight": (hidden,)})
    if arch == "qwen2":
        tensors.update({f"blk.{b}.attn_q.bias": (heads * hd,), f"blk.{b}.attn_k.bias": (kv * hd,),
                        f"blk.{b}.attn_v.bias": (kv * hd,)})
for name, shape in tensors.items():
    a = rng.standard_normal(shape).astype(np.float32)
    w.add_tensor(name, a)
    print(name, hashlib.sha256(a.astype("<f4").tobytes()).hexdigest())
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
