package org.lmlab.magics.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.display.Displayable;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.lengths.LengthsMagic;
import org.lmlab.magics.table.TableMagic;
import org.lmlab.provenance.Provenance;
import org.lmlab.table.Table;
import org.lmlab.table.TableCatalog;

/**
 * Acceptance: a result table written by a magic, saved as Arrow and Parquet and read back by
 * pyarrow, carries the provenance record; its dataset hash equals Python's hashlib of the same
 * file and its seed is the one the magic used.
 */
class ProvenanceMagicTest {

    @TempDir
    Path dir;

    /** pyarrow reads each file's schema metadata; hashlib hashes the dataset. */
    private static final String PYTHON = """
            import hashlib, json, sys
            import pyarrow.feather as feather, pyarrow.parquet as pq
            out = {'sha256': hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()}
            for name, table in (('feather', feather.read_table(sys.argv[2])), ('parquet', pq.read_table(sys.argv[3]))):
                out[name] = json.loads(table.schema.metadata[b'lmlab.provenance'])
                out[name + '_difference'] = table.column('difference').to_pylist()
            print(json.dumps(out))
            """;

    private static Object run(CommandMagic magic, String name, String args, FakeMagicContext context) throws Exception {
        return magic.run(new MagicCall(name, MagicKind.LINE, args, Arrays.asList(args.split(" +")), null, 1), context);
    }

    @Test
    void savedResultCarriesProvenanceThatPyarrowReads() throws Exception {
        Path csv = dir.resolve("two.csv");
        Files.writeString(csv, "model,length\na,3\nb,4\na,5\nb,9\n");
        Path feather = dir.resolve("cmp.feather");
        Path parquet = dir.resolve("cmp.parquet");
        CommandMagic table = CommandMagic.line(TableMagic::new);
        try (TableCatalog tables = new TableCatalog()) {
            FakeMagicContext context = new FakeMagicContext(tables);
            context.provenance.parameters(java.util.Map.of("replicates", "50"));
            run(table, "table", "load " + csv + " --as two", context);
            CommandMagic lengths = CommandMagic.line(LengthsMagic::new);
            Table result = (Table) run(lengths, "lengths",
                    "compare --table two --value length --a a --b b --replicates 50 --seed 5 --as cmp", context);
            // By hand: mean(a) = (3 + 5) / 2 = 4, mean(b) = (4 + 9) / 2 = 6.5; unchanged by provenance.
            assertEquals(-2.5, result.getDouble("difference", 0), 1e-12);
            run(table, "table", "save cmp " + feather, context);
            run(table, "table", "save cmp " + parquet, context);

            String schema = ((Displayable) run(table, "table", "schema cmp", context)).toMimeBundle().data().get("text/plain");
            assertTrue(schema.contains("metadata:\n  lmlab.provenance: a provenance record (%provenance cmp shows it)"),
                    schema);
            String shown = ((Displayable) run(CommandMagic.line(ProvenanceMagic::new), "provenance", "cmp", context))
                    .toMimeBundle().data().get("text/plain");
            assertEquals(Provenance.fromJson(result.metadata().get(Provenance.METADATA_KEY)), Provenance.fromJson(shown));
        }

        JsonObject py = JsonParser.parseString(python(PYTHON, csv, feather, parquet)).getAsJsonObject();
        for (String format : List.of("feather", "parquet")) {
            JsonObject p = py.getAsJsonObject(format);
            assertEquals(Provenance.builder().build().lmlabVersion(), p.get("lmlabVersion").getAsString());
            assertTrue(p.getAsJsonObject("libraries").get("java").getAsString()
                    .startsWith(System.getProperty("java.version")), format);
            assertEquals(py.get("sha256").getAsString(),
                    p.getAsJsonArray("datasets").get(0).getAsJsonObject().get("sha256").getAsString(), format);
            assertEquals(csv.toAbsolutePath().toString(),
                    p.getAsJsonArray("datasets").get(0).getAsJsonObject().get("path").getAsString(), format);
            assertEquals(5, p.getAsJsonObject("seeds").get("%lengths compare --seed").getAsLong(), format);
            assertEquals("50", p.getAsJsonObject("parameters").get("replicates").getAsString(), format);
            assertTrue(p.get("command").getAsString().startsWith("%lengths compare --table two"), format);
            assertEquals(Runtime.getRuntime().availableProcessors(), p.getAsJsonObject("machine").get("cores").getAsInt());
            assertEquals(-2.5, py.getAsJsonArray(format + "_difference").get(0).getAsDouble(), 1e-12);
        }
    }

    /** Runs a script in the project's Python (pyarrow) and returns its standard output. */
    private static String python(String script, Path... args) throws Exception {
        String python = System.getProperty("lmlab.python", "../.venv/bin/python");
        List<String> command = new java.util.ArrayList<>(List.of(python, "-c", script));
        Arrays.stream(args).map(Path::toString).forEach(command::add);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "Python timed out");
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
