# Hugging Face order of llama.cpp-permuted q_proj/k_proj rows, the numpy way (as transformers' GGUF loader does:
# reshape(n_head, rows // n_head // 2, 2, cols).swapaxes(1, 2)).
# usage: qk_reverse_permute.py MODEL.gguf OUTDIR NAME:HEADS...   writes OUTDIR/<name>.f32
import sys
import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize

model, outdir = sys.argv[1], sys.argv[2]
tensors = {t.name: t for t in GGUFReader(model).tensors}
for spec in sys.argv[3:]:
    name, heads = spec.rsplit(":", 1)
    t = tensors[name]
    w = dequantize(t.data, t.tensor_type)
    rows, cols = w.shape
    hf = w.reshape(int(heads), rows // int(heads) // 2, 2, cols).swapaxes(1, 2).reshape(rows, cols)
    np.ascontiguousarray(hf, dtype="<f4").tofile(f"{outdir}/{name}.f32")
