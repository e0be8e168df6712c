package org.lmlab.magics;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reading of a magic line, shared by running a cell ({@link CellScript}), completion,
 * help and is_complete: a line is a magic line when {@code %} is in column 0 (indented lines
 * stay Java, so {@code a\n  % b} keeps meaning modulo); {@code %%} makes it a cell magic. The
 * name is the longest run of name characters after the prefix and may be empty while typed.
 *
 * @param kind line or cell magic
 * @param name the magic's name, without the percent signs; empty when none is written yet
 * @param rest what follows the name on the line, as typed (the arguments)
 */
public record MagicLine(MagicKind kind, String name, String rest) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][\\w.-]*");

    /** The magic line {@code line} holds (one line, no line break), or empty for a line of Java. */
    public static Optional<MagicLine> parse(String line) {
        if (!line.startsWith("%")) {
            return Optional.empty();
        }
        MagicKind kind = line.startsWith("%%") ? MagicKind.CELL : MagicKind.LINE;
        int start = kind.prefix().length();
        Matcher name = NAME.matcher(line).region(start, line.length());
        int end = name.lookingAt() ? name.end() : start;
        return Optional.of(new MagicLine(kind, line.substring(start, end), line.substring(end)));
    }

    /** Whether a cell's first non-blank line is a cell magic, which makes the whole cell its body. */
    public static boolean startsCellMagic(String cell) {
        for (String line : cell.split("\r?\n", -1)) {
            if (!line.isBlank()) {
                return parse(line).filter(m -> m.kind() == MagicKind.CELL).isPresent();
            }
        }
        return false;
    }

    /** {@code code} with its magic lines emptied, so the Java left keeps its line numbers. */
    public static String blankMagicLines(String code) {
        StringBuilder java = new StringBuilder();
        for (String line : code.split("\r?\n", -1)) {
            java.append(parse(line).isPresent() ? "" : line).append('\n');
        }
        return java.toString();
    }

    /** Offset in the line where the name starts (after {@code %} or {@code %%}). */
    public int nameStart() {
        return kind.prefix().length();
    }

    /** Offset in the line just past the name. */
    public int nameEnd() {
        return nameStart() + name.length();
    }

    /** How the magic was named, e.g. {@code %%time}. */
    public String typedName() {
        return kind.prefix() + name;
    }
}
