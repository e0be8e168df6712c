package org.lmlab.magics;

import picocli.CommandLine.Option;

/** The {@code -h/--help} option every magic has; mix in with {@code @Mixin HelpOption help;}. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
