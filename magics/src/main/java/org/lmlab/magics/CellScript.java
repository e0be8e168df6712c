package org.lmlab.magics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A cell split into the parts that run in order: Java code and magic calls. A cell magic
 * ({@code %%name}) must head the cell and takes the rest as its body; a line magic is a line
 * that starts with {@code %name} at column 0, as {@link MagicLine} reads it. Every part keeps
 * its starting line so errors point into the cell.
 */
public record CellScript(List<Part> parts) {

    public CellScript {
        parts = List.copyOf(parts);
    }

    /** One runnable piece of a cell. */
    public sealed interface Part permits JavaCode, MagicPart {
        /** 1-based line in the cell where the part starts. */
        int firstLine();
    }

    /** Java source; {@code firstLine} maps its line 1 back to the cell. */
    public record JavaCode(String code, int firstLine) implements Part {
    }

    public record MagicPart(MagicCall call) implements Part {
        @Override
        public int firstLine() {
            return call.line();
        }
    }

    /** @throws MagicUsageException for a misplaced cell magic or an unterminated quote */
    public static CellScript parse(String cell) throws MagicUsageException {
        String[] lines = cell.split("\r?\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        List<Part> parts = new ArrayList<>();
        if (MagicLine.startsCellMagic(cell)) {
            MagicLine magic = named(lines[first], first + 1);
            String body = String.join("\n", Arrays.asList(lines).subList(first + 1, lines.length));
            parts.add(new MagicPart(call(magic, body, first + 1)));
            return new CellScript(parts);
        }
        StringBuilder java = new StringBuilder();
        int javaStart = 1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Optional<MagicLine> magic = MagicLine.parse(line);
            if (magic.isPresent()) {
                if (magic.get().kind() == MagicKind.CELL) {
                    throw new MagicUsageException("cell magic " + line.split("\\s", 2)[0] + " on line " + (i + 1)
                            + " must be the first line of the cell", "%%name [args]\n<cell body>");
                }
                flushJava(parts, java, javaStart);
                parts.add(new MagicPart(call(named(line, i + 1), "", i + 1)));
                javaStart = i + 2;
            } else {
                if (java.length() == 0) {
                    javaStart = i + 1;
                }
                java.append(line).append('\n');
            }
        }
        flushJava(parts, java, javaStart);
        return new CellScript(parts);
    }

    /** True when the cell has no magic at all, the common fast path. */
    public boolean isPlainJava() {
        return parts.stream().allMatch(p -> p instanceof JavaCode);
    }

    private static void flushJava(List<Part> parts, StringBuilder java, int start) {
        if (!java.toString().isBlank()) {
            parts.add(new JavaCode(java.toString(), start));
        }
        java.setLength(0);
    }

    /** The magic line {@code line}, which must name a magic. */
    private static MagicLine named(String line, int lineNo) throws MagicUsageException {
        MagicLine magic = MagicLine.parse(line).filter(m -> !m.name().isEmpty()).orElse(null);
        if (magic == null) {
            throw new MagicUsageException("line " + lineNo + " starts with % but names no magic: " + line.strip(),
                    "%name [args]   (%lsmagic lists the magics)");
        }
        return magic;
    }

    private static MagicCall call(MagicLine magic, String body, int lineNo) throws MagicUsageException {
        String argLine = magic.rest().strip();
        List<String> args;
        try {
            args = ArgumentSplitter.split(argLine);
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(magic.typedName() + " on line " + lineNo + ": " + e.getMessage(),
                    magic.typedName() + " --help");
        }
        return new MagicCall(magic.name(), magic.kind(), argLine, args, body, lineNo);
    }
}
