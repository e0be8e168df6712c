# Reads the files lmlab wrote and prints each as a JSON dump, keyed by file name.
import json
import os
import sys

import pyarrow.feather as feather
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

exec(open(sys.argv[1]).read())  # arrow_dump.py: dump()
folder = sys.argv[2]
result = {}
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.endswith(".feather"):
        table = feather.read_table(path)
    elif name.endswith(".arrows"):
        table = ipc.open_stream(path).read_all()
    elif name.endswith(".parquet"):
        table = pq.read_table(path)
    else:
        continue
    result[name] = dump(table)
print(json.dumps(result))
