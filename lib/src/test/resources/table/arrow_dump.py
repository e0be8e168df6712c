# Shared by the interop scripts: a table as JSON that Java can compare exactly.
# Floats are hex (exact), dates are epoch days, timestamps are their stored int64 counts.
import math
import pyarrow as pa


def encode_float(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float.hex(v)


def dump(table):
    columns = []
    for name, column in zip(table.column_names, table.columns):
        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        t = array.type
        if pa.types.is_date32(t):
            values = array.view(pa.int32()).to_pylist()
        elif pa.types.is_timestamp(t):
            values = array.view(pa.int64()).to_pylist()
        elif pa.types.is_floating(t):
            values = [None if v is None else encode_float(v) for v in array.to_pylist()]
        else:
            values = array.to_pylist()
        columns.append({"name": name, "type": str(t), "values": values})
    return {"rows": table.num_rows, "columns": columns}
