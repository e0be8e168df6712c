# Reference dequantisation of a GGUF file with the Python gguf package (gguf.quants.dequantize).
# usage: dequantize_real.py MODEL.gguf OUTDIR NAME...
# prints "<tensor name> <type> <sha256 of the float32 little-endian values>" for every tensor, and writes
# OUTDIR/<name>.f32 (raw float32 little-endian) for each NAME given.
import hashlib, sys
import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize

model, outdir, dump = sys.argv[1], sys.argv[2], set(sys.argv[3:])
for t in GGUFReader(model).tensors:
    values = np.ascontiguousarray(dequantize(t.data, t.tensor_type), dtype="<f4")
    print(t.name, t.tensor_type.name, hashlib.sha256(values.tobytes()).hexdigest())
    if t.name in dump:
        values.tofile(f"{outdir}/{t.name}.f32")
