package org.lmlab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.Table;
import org.lmlab.table.io.ArrowIpc;
import org.lmlab.table.io.Feather;
import org.lmlab.table.io.Parquet;

/** A table's schema metadata survives Feather, Arrow stream and Parquet files, as pyarrow and lmlab read them. */
class MetadataFilesTest {

    @TempDir
    Path dir;

    private static final String READ = """
            import json, sys
            import pyarrow as pa, pyarrow.feather as feather, pyarrow.parquet as pq
            out = {}
            out['feather'] = feather.read_table(sys.argv[1]).schema.metadata
            with pa.ipc.open_stream(sys.argv[2]) as reader:
                out['stream'] = reader.schema.metadata
            out['parquet'] = pq.read_table(sys.argv[3]).schema.metadata
            print(json.dumps({k: {a.decode(): b.decode() for a, b in (v or {}).items() if not a.startswith(b'ARROW:')}
                              for k, v in out.items()}))
            """;

    @Test
    void metadataIsSavedAndReadBack() throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Provenance.METADATA_KEY, Provenance.builder().command("it's \"quoted\" ü").build().toJson());
        metadata.put("note", "a, b: {c}");
        Path feather = dir.resolve("t.feather");
        Path stream = dir.resolve("t.arrows");
        Path parquet = dir.resolve("t.parquet");
        try (RootAllocator root = new RootAllocator();
             Table table = Table.builder(root, "t").float64("x", 1.5, 2.5).utf8("s", "a", null).build()) {
            table.annotate(metadata);
            Feather.write(table, feather);
            ArrowIpc.writeStream(table, stream, org.lmlab.table.io.Compression.NONE);
            Parquet.write(table, parquet);
            try (Table back = Feather.read(feather, root)) {
                assertEquals(metadata, back.metadata());
                assertEquals(2.5, back.getDouble("x", 1));
            }
        }
        Map<String, Map<String, String>> read = new Gson().fromJson(
                PythonReference.run(READ, feather.toString(), stream.toString(), parquet.toString()),
                new TypeToken<Map<String, Map<String, String>>>() { }.getType());
        assertEquals(metadata, read.get("feather"));
        assertEquals(metadata, read.get("stream"));
        assertEquals(metadata, read.get("parquet"));
    }
}
