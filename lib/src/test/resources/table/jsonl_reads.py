# Reads a JSON Lines file lmlab wrote with pyarrow.json (explicit schema) and pandas; prints
# pyarrow's table as a JSON dump plus what pandas read of the string column.
import json
import re
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.json as pj

exec(open(sys.argv[1]).read())  # arrow_dump.py: dump()
path = sys.argv[2]
columns = json.loads(sys.argv[3])  # [[name, pyarrow type name], ...]
string_column = sys.argv[4]


def parse_type(name):
    zoned = re.fullmatch(r"timestamp\[us, tz=(.+)\]", name)
    if zoned:
        return pa.timestamp("us", tz=zoned.group(1))
    return {"int32": pa.int32(), "int64": pa.int64(), "float": pa.float32(), "double": pa.float64(),
            "bool": pa.bool_(), "string": pa.string(), "timestamp[us]": pa.timestamp("us"),
            # pyarrow.json does not parse dates from strings: read text, then cast.
            "date32[day]": pa.string()}[name]


schema = pa.schema([(n, parse_type(t)) for n, t in columns])
table = pj.read_json(path, parse_options=pj.ParseOptions(explicit_schema=schema))
for i, (n, t) in enumerate(columns):
    if t == "date32[day]":
        table = table.set_column(i, n, table.column(n).cast(pa.date32()))
frame = pd.read_json(path, lines=True, dtype=False, convert_dates=False)
strings = [None if v is None or (isinstance(v, float) and v != v) else v for v in frame[string_column].tolist()]
print(json.dumps({"pyarrow": dump(table), "pandas_rows": len(frame), "pandas_strings": strings}))
