import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.table.io.Compression;
import org.lmlab.table.io.Feather;
public class Rewrite { public static void main(String[] a) throws Exception {
  try (var root = new RootAllocator(); var t = Feather.read(Path.of(a[0]), root)) {
    Feather.write(t, Path.of(a[1]), Compression.LZ4, 65536);
  }
}}
