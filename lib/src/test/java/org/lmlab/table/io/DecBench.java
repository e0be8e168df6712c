package org.lmlab.table.io;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Float text to double: lmlab's Decimals.parse vs fastdoubleparser vs Double.parseDouble, one JVM, rounds. */
public class DecBench {
    public static void main(String[] a) {
        int n = 1_000_000;
        Random r = new Random(1);
        byte[][] cells = new byte[n][];
        int total = 0;
        for (int i = 0; i < n; i++) {
            // gamma(2, 0.5)-like values printed shortest round-trip, as pyarrow's CSV writer prints float64
            double v = -0.5 * Math.log(r.nextDouble() * r.nextDouble() + 1e-300);
            cells[i] = Double.toString(v).getBytes(StandardCharsets.US_ASCII);
            total += cells[i].length;
        }
        byte[] buf = new byte[total];
        int[] off = new int[n + 1];
        for (int i = 0, p = 0; i < n; i++) {
            System.arraycopy(cells[i], 0, buf, p, cells[i].length);
            off[i] = p;
            p += cells[i].length;
            off[i + 1] = p;
        }
        for (int round = 0; round < Integer.parseInt(a[0]); round++) {
            long t0 = System.nanoTime();
            double s1 = 0;
            for (int i = 0; i < n; i++) {
                s1 += Decimals.parse(buf, off[i], off[i + 1]);
            }
            long t1 = System.nanoTime();
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                s2 += JavaDoubleParser.parseDouble(buf, off[i], off[i + 1] - off[i]);
            }
            long t2 = System.nanoTime();
            double s3 = 0;
            for (int i = 0; i < n; i++) {
                s3 += Double.parseDouble(new String(buf, off[i], off[i + 1] - off[i], StandardCharsets.ISO_8859_1));
            }
            long t3 = System.nanoTime();
            if (s1 != s2 || s1 != s3) {
                throw new AssertionError(s1 + " " + s2 + " " + s3);
            }
            System.out.printf("round %d: Decimals %.1f ns, fastdoubleparser %.1f ns, Double.parseDouble %.1f ns per cell%n",
                    round + 1, (t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n);
        }
    }
}
