package org.lmlab.magics.core;

import java.util.List;
import java.util.Locale;
import org.lmlab.magics.HelpText;
import org.lmlab.magics.Magic;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;

/**
 * {@code %time CODE} and {@code %%time}: runs code once and prints its wall time. The arguments
 * are Java source, so they are taken whole rather than split like options.
 */
public final class TimeMagic implements Magic {

    private static final String HELP = """
            Usage: %time <java statement or expression>
                   %%time
                   <cell body: Java code and line magics>
            Run the code once, print its wall-clock time, and return the value of its last expression.
              -h, --help   Show this help and exit.""";

    @Override
    public String name() {
        return "time";
    }

    @Override
    public String summary() {
        return "Run code once and print its wall-clock time.";
    }

    @Override
    public boolean supports(MagicKind kind) {
        return true;
    }

    @Override
    public String help() {
        return HELP;
    }

    @Override
    public List<String> complete(String wordPrefix) {
        return "--help".startsWith(wordPrefix) && wordPrefix.startsWith("-") ? List.of("--help") : List.of();
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        String arg = call.argLine().strip();
        if (arg.equals("--help") || arg.equals("-h")) {
            return new HelpText(HELP);
        }
        String code = call.kind() == MagicKind.CELL ? call.body() : arg;
        if (call.kind() == MagicKind.CELL && !arg.isEmpty()) {
            throw new MagicUsageException(call.typed() + ": %%time takes no arguments", HELP);
        }
        if (code.isBlank()) {
            throw new MagicUsageException(call.typed() + ": nothing to time", HELP);
        }
        long start = System.nanoTime();
        try {
            return context.execute(code);
        } finally {
            context.out().println("Wall time: " + format(System.nanoTime() - start));
        }
    }

    /** Human units, three significant digits: 812 µs, 12.3 ms, 4.56 s. */
    static String format(long nanos) {
        double value = nanos;
        String unit = "ns";
        if (nanos >= 1_000_000_000L) {
            value = nanos / 1e9;
            unit = "s";
        } else if (nanos >= 1_000_000L) {
            value = nanos / 1e6;
            unit = "ms";
        } else if (nanos >= 1_000L) {
            value = nanos / 1e3;
            unit = "µs";
        }
        String digits = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits + " %s", value, unit);
    }
}
