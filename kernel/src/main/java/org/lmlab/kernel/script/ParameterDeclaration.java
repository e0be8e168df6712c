package org.lmlab.kernel.script;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A default in the parameters cell, read from a simple one-line declaration
 * {@code TYPE NAME = VALUE;} (an optional {@code final}, a trailing {@code //} comment).
 *
 * @param name        the variable
 * @param type        the declared type as written, e.g. {@code int}, {@code List<Integer>}, {@code var}
 * @param initializer the default's source text
 */
public record ParameterDeclaration(String name, String type, String initializer) {

    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:final\\s+)?([A-Za-z_][\\w.]*(?:\\s*<[^=;]*>)?(?:\\s*\\[\\s*])*)\\s+([A-Za-z_]\\w*)"
                    + "\\s*=\\s*(.*?)\\s*;\\s*(?://.*)?$");

    /** The declarations of a parameters cell, in order; lines that are not one are skipped. */
    public static List<ParameterDeclaration> parse(String cellSource) {
        List<ParameterDeclaration> declarations = new ArrayList<>();
        for (String line : cellSource.split("\n")) {
            Matcher m = DECLARATION.matcher(line);
            if (m.matches() && !m.group(1).equals("return")) {
                declarations.add(new ParameterDeclaration(m.group(2), m.group(1).replaceAll("\\s+", ""), m.group(3)));
            }
        }
        return declarations;
    }
}
