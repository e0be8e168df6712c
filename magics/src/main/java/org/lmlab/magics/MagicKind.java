package org.lmlab.magics;

/** Line magics ({@code %name}) act on their line, cell magics ({@code %%name}) on the whole cell. */
public enum MagicKind {
    LINE("%"), CELL("%%");

    private final String prefix;

    MagicKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
