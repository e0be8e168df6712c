package org.lmlab.magics;

import java.util.List;

/**
 * One notebook magic: {@code %name args} on a line or {@code %%name args} heading a cell.
 * A magic parses its arguments, calls the library and returns a value to display (or null);
 * it holds no analysis logic.
 */
public interface Magic {

    /** The name typed after {@code %} or {@code %%}. */
    String name();

    /** One line shown by {@code %lsmagic} and in completion documentation. */
    String summary();

    /** Whether this magic may be used as a line magic, a cell magic, or both. */
    boolean supports(MagicKind kind);

    /** The full help text, the same that {@code --help} prints. */
    String help();

    /**
     * Runs the magic.
     *
     * @return a value to display, or null
     * @throws MagicUsageException when the arguments are wrong (the kernel prints the usage)
     */
    Object run(MagicCall call, MagicContext context) throws Exception;

    /** Completions for the word being typed in the argument list (options, subcommands). */
    default List<String> complete(String wordPrefix) {
        return List.of();
    }
}
