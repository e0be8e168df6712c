package org.lmlab.table.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.table.Table;
import org.lmlab.table.io.TableFormat;

/**
 * The Java side of {@code bench/table_bench.py}: reads one file {@code repeats} times in this
 * JVM and prints one line per read, {@code read <seconds> <rows> <columns>}. The first reads
 * warm up the JIT; the script reports the best and the median of all of them.
 *
 * <pre>java -cp … org.lmlab.table.bench.TableReadBench FORMAT PATH REPEATS</pre>
 *
 * FORMAT is a {@link TableFormat} name (arrow, parquet, csv, …). Not a test: speed is never
 * timed in tests.
 */
public final class TableReadBench {

    private TableReadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TableReadBench FORMAT PATH REPEATS");
            System.exit(2);
        }
        TableFormat format = TableFormat.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path path = Path.of(args[1]);
        int repeats = Integer.parseInt(args[2]);
        try (BufferAllocator root = new RootAllocator()) {
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                try (Table table = format.read(path, root)) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "read %.6f %d %d%n", seconds, table.rowCount(),
                            table.columnCount());
                }
            }
        }
    }
}
