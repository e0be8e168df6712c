package org.lmlab.magics;

/**
 * The action of a picocli {@code @Command} class used through {@link CommandMagic}: picocli fills
 * the annotated fields, then {@code run} delegates to the library and returns what to display.
 */
public interface MagicCommand {
    Object run(MagicCall call, MagicContext context) throws Exception;
}
