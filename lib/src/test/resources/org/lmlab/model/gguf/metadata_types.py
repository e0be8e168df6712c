# Writes a GGUF file holding every metadata value type (and a 64-byte alignment), then reads it back with
# gguf.GGUFReader and prints each key as JSON: {"key": ["TYPE", value]} (arrays: ["ARRAY", "SUBTYPE", [...]]).
# usage: metadata_types.py OUT.gguf
import json, sys
import numpy as np
from gguf import GGUFReader, GGUFWriter, GGUFValueType as V, GGMLQuantizationType as T

out = sys.argv[1]
w = GGUFWriter(out, arch="llama")
w.add_custom_alignment(64)
w.add_uint8("t.u8", 250)
w.add_int8("t.i8", -100)
w.add_uint16("t.u16", 65000)
w.add_int16("t.i16", -32000)
w.add_uint32("t.u32", 4000000000)
w.add_int32("t.i32", -2000000000)
w.add_float32("t.f32", 0.1)
w.add_uint64("t.u64", 2**63 - 5)
w.add_int64("t.i64", -(2**62) - 7)
w.add_float64("t.f64", 1 / 3)
w.add_bool("t.true", True)
w.add_bool("t.false", False)
w.add_string("t.str", "héllo, 世界 🙂")
w.add_array("t.arr_i32", [1, -2, 3])
w.add_key_value("t.arr_u8", [0, 255, 7], V.ARRAY, sub_type=V.UINT8)
w.add_key_value("t.arr_f32", [0.5, -1.25, 3e-7], V.ARRAY, sub_type=V.FLOAT32)
w.add_array("t.arr_str", ["a", "", "Ġthe"])
w.add_key_value("t.arr_bool", [True, False], V.ARRAY, sub_type=V.BOOL)
w.add_tensor("x", np.arange(48, dtype=np.float32).reshape(3, 16))
w.add_tensor("y", np.arange(5, dtype=np.float32))
w.add_tensor("q5k", np.arange(176, dtype=np.uint8).reshape(1, 176), raw_dtype=T.Q5_K)  # a type lmlab does not dequantise
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()

result = {}
for key, field in GGUFReader(out).fields.items():
    if key.startswith("GGUF."):
        continue
    value = field.contents()
    if isinstance(value, float):
        value = float(np.float32(value)) if field.types[0] == V.FLOAT32 else value
    types = [t.name for t in field.types]
    result[key] = types + [value]
print(json.dumps(result))
