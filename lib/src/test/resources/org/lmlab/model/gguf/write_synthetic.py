# Writes a GGUF file with tensor types the bundled model lacks, built from its real weights, with gguf.GGUFWriter.
# usage: write_synthetic.py MODEL.gguf OUT.gguf
# F16, BF16, Q4_0: gguf.quants.quantize of blk.0.ffn_gate.weight. Q4_K, Q6_K (the package cannot quantise them):
# raw blocks whose fp16 super-block scales come from blk.0.ffn_down.weight's block ranges, and whose sub-block
# scales and quants are seeded random bytes. Also every F16 and BF16 bit pattern (NaNs, infinities, subnormals).
import sys
import numpy as np
from gguf import GGUFReader, GGUFWriter, GGMLQuantizationType as T
from gguf.quants import dequantize, quantize

model, out = sys.argv[1], sys.argv[2]
reader = GGUFReader(model)
real = {t.name: t for t in reader.tensors}
def weights(name):
    t = real[name]
    return dequantize(t.data, t.tensor_type).astype(np.float32)

gate = weights("blk.0.ffn_gate.weight")          # (1536, 576)
down = weights("blk.0.ffn_down.weight")          # (576, 1536): rows of 6 super-blocks of 256
rng = np.random.default_rng(20261123)
w = GGUFWriter(out, arch="llama")
w.add_tensor("f32", gate[:8])
w.add_tensor("f16", quantize(gate, T.F16))
w.add_tensor("f16_all_bits", np.arange(1 << 16, dtype=np.uint16).view(np.float16).reshape(256, 256))
w.add_tensor("bf16", quantize(gate, T.BF16), raw_dtype=T.BF16)
w.add_tensor("bf16_all_bits", np.arange(1 << 16, dtype=np.uint16).view(np.uint8).reshape(256, 512), raw_dtype=T.BF16)
w.add_tensor("q4_0", quantize(gate, T.Q4_0), raw_dtype=T.Q4_0)
w.add_tensor("q8_0", quantize(gate, T.Q8_0), raw_dtype=T.Q8_0)
w.add_tensor("q4_1", quantize(gate, T.Q4_1), raw_dtype=T.Q4_1)

blocks = down.reshape(-1, 256)
n = blocks.shape[0]
lo, hi = blocks.min(axis=1), blocks.max(axis=1)
def f16_bytes(x):
    return x.astype(np.float16).view(np.uint8).reshape(n, 2)
# Q4_K: d, dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles
q4k = np.concatenate([f16_bytes((hi - lo) / (15 * 63)), f16_bytes(np.maximum(-lo, 0) / 63),
                      rng.integers(0, 256, (n, 12), dtype=np.uint8), rng.integers(0, 256, (n, 128), dtype=np.uint8)], axis=1)
w.add_tensor("q4_k", q4k.reshape(576, -1), raw_dtype=T.Q4_K)
# Q6_K: 128 bytes low nibbles, 64 bytes high bits, 16 int8 scales, d
amax = np.abs(blocks).max(axis=1)
q6k = np.concatenate([rng.integers(0, 256, (n, 192), dtype=np.uint8),
                      rng.integers(-128, 128, (n, 16), dtype=np.int8).view(np.uint8), f16_bytes(amax / (32 * 127))], axis=1)
w.add_tensor("q6_k", q6k.reshape(576, -1), raw_dtype=T.Q6_K)

w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
