# Writes the same table with pyarrow in every format lmlab reads, plus a JSON dump of it.
import json
import sys

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

exec(open(sys.argv[1]).read())  # arrow_dump.py: dump()
out = sys.argv[2]
n = 2500
rng = np.random.default_rng(20240601)


def mask(p):
    m = rng.random(n) < p
    m[:3] = False  # the edge values below stay non-null
    return m


i32 = rng.integers(-2**31, 2**31, n, dtype=np.int64).astype(np.int32)
i32[:3] = [np.iinfo(np.int32).min, np.iinfo(np.int32).max, 0]
i64 = rng.integers(-2**63, 2**63 - 1, n, dtype=np.int64)
i64[:3] = [np.iinfo(np.int64).min, np.iinfo(np.int64).max, -1]
f32 = rng.standard_normal(n).astype(np.float32) * np.float32(1e3)
f32[:3] = [np.nan, np.inf, -0.0]
f64 = rng.standard_normal(n) * 10.0 ** rng.integers(-300, 300, n)
f64[:3] = [np.nan, -np.inf, 5e-324]
words = np.array(["", "alpha", "ünïcødé ✓", "with,comma", 'with "quote"', "line\nbreak", "😀", "NA"], dtype=object)
strings = words[rng.integers(0, len(words), n)]
days = rng.integers(-100_000, 100_000, n).astype(np.int32)
micros = rng.integers(-4_000_000_000_000_000, 4_000_000_000_000_000, n, dtype=np.int64)

table = pa.table({
    "i32": pa.array(i32, mask=mask(0.1)),
    "i64": pa.array(i64, mask=mask(0.1)),
    "f32": pa.array(f32, mask=mask(0.1)),
    "f64": pa.array(f64, mask=mask(0.1)),
    "bool": pa.array(rng.random(n) < 0.5, mask=mask(0.2)),
    "utf8": pa.array(strings, type=pa.string(), mask=mask(0.1)),
    "date": pa.array(days, mask=mask(0.1)).view(pa.date32()),
    "ts": pa.array(micros, mask=mask(0.1)).view(pa.timestamp("us")),
    "tz": pa.array(micros[::-1].copy(), mask=mask(0.1)).view(pa.timestamp("us", tz="UTC")),
})

feather.write_feather(table, f"{out}/uncompressed.feather", compression="uncompressed")
feather.write_feather(table, f"{out}/lz4.feather", compression="lz4")
feather.write_feather(table, f"{out}/zstd.feather", compression="zstd", chunksize=1000)
with ipc.new_file(f"{out}/batches.arrow", table.schema) as w:
    for batch in table.to_batches(max_chunksize=700):
        w.write_batch(batch)
with ipc.new_stream(f"{out}/batches.arrows", table.schema,
                    options=ipc.IpcWriteOptions(compression="zstd")) as w:
    for batch in table.to_batches(max_chunksize=900):
        w.write_batch(batch)
pq.write_table(table, f"{out}/dictionary.parquet", use_dictionary=True, row_group_size=1000)
encodings = pq.ParquetFile(f"{out}/dictionary.parquet").metadata.row_group(0).column(5).encodings
assert "RLE_DICTIONARY" in encodings, encodings  # the utf8 column really is dictionary-encoded
pcsv.write_csv(table.select(["i64", "f64", "bool", "date"]), f"{out}/pyarrow.csv")

# Types pyarrow and pandas use that lmlab converts exactly on reading.
k = 300
others = pa.table({
    "i8": pa.array(rng.integers(-128, 128, k), pa.int8(), mask=rng.random(k) < 0.1),
    "u16": pa.array(rng.integers(0, 65536, k), pa.uint16()),
    "u32": pa.array(rng.integers(0, 2**32, k), pa.uint32(), mask=rng.random(k) < 0.1),
    "f16": pa.array(rng.standard_normal(k).astype(np.float16)),
    "large": pa.array(words[rng.integers(0, len(words), k)], pa.large_string()),
    "category": pa.array(words[rng.integers(0, 3, k)], pa.string(), mask=rng.random(k) < 0.1).dictionary_encode(),
    "ns": pa.array(micros[:k] * 1000, pa.timestamp("ns"), mask=rng.random(k) < 0.1),
    "paris_ms": pa.array(micros[:k] // 1000, pa.timestamp("ms", tz="Europe/Paris")),
    "date64": pa.array(days[:k].astype(np.int64) * 86_400_000, pa.date64()),
})
feather.write_feather(others, f"{out}/others.feather", compression="lz4")
converted = others.cast(pa.schema([
    ("i8", pa.int32()), ("u16", pa.int32()), ("u32", pa.int64()), ("f16", pa.float32()),
    ("large", pa.string()), ("category", pa.string()), ("ns", pa.timestamp("us")),
    ("paris_ms", pa.timestamp("us", tz="Europe/Paris")), ("date64", pa.date32())]))

sub_micro = pa.table({"ns": pa.array([1_000, 1_001], pa.timestamp("ns"))})
feather.write_feather(sub_micro, f"{out}/sub_micro.feather")

# Categorical (dictionary-typed) columns in Parquet, as pandas writes a Categorical and pyarrow a
# dictionary_encode()d column: the Arrow schema stored in the file keeps them dictionary-typed.
# Several row groups (each with its own dictionary), nulls in indices, string and integer values.
m = 2300
categorical = pa.table({
    "cat": pa.array(words[rng.integers(0, len(words), m)], pa.string(), mask=rng.random(m) < 0.15).dictionary_encode(),
    "level": pa.DictionaryArray.from_arrays(
        pa.array(rng.integers(0, 4, m), pa.int8(), mask=rng.random(m) < 0.1),
        pa.array([10, -3, 2**40, 7], pa.int64()), ordered=True),
    "plain": pa.array(rng.integers(-50, 50, m), pa.int64()),
})
pq.write_table(categorical, f"{out}/categorical.parquet", row_group_size=700)
import pandas as pd  # noqa: E402 - pandas' own Categorical path, beside pyarrow's
frame = pd.DataFrame({"fruit": pd.Categorical(["apple", None, "pear", "apple", "fig"] * 300),
                      "n": np.arange(1500, dtype=np.int64)})
frame.to_parquet(f"{out}/pandas_categorical.parquet", row_group_size=400)


def decoded(path):
    """pyarrow's own reading of a file, dictionary columns cast to their value type."""
    t = pq.read_table(path)
    assert any(pa.types.is_dictionary(f.type) for f in t.schema), t.schema  # the file really is categorical
    return t.cast(pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
                             for f in t.schema]))


assert pq.ParquetFile(f"{out}/categorical.parquet").metadata.num_row_groups == 4
json.dump({"table": dump(table), "others": dump(converted), "categorical": dump(decoded(f"{out}/categorical.parquet")),
           "pandas_categorical": dump(decoded(f"{out}/pandas_categorical.parquet"))},
          open(f"{out}/expected.json", "w"))
