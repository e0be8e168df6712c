package org.lmlab.kernel;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.magics.Magic;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicRegistry;

/** docs/magics.md, generated from the magics' own help so the two never drift apart. */
final class MagicsReference {

    private MagicsReference() {
    }

    static String markdown(MagicRegistry registry) {
        StringBuilder md = new StringBuilder("""
                # Magics reference

                Generated from the magics' own `--help` by `bin/lmlab magics-doc > docs/magics.md`;
                a test fails when this file and the code disagree.

                A line magic is a line that starts with `%name` at column 0; a cell magic is a cell whose
                first line is `%%name`. Tab completes magic names and `--options`; Shift-Tab on a magic
                line shows its help.

                """);
        for (Magic magic : registry.all()) {
            List<String> forms = new ArrayList<>();
            for (MagicKind kind : MagicKind.values()) {
                if (magic.supports(kind)) {
                    forms.add("`" + kind.prefix() + magic.name() + "`");
                }
            }
            md.append("## ").append(String.join(" ", forms));
            md.append("\n\n").append(magic.summary()).append("\n\n```text\n")
                    .append(magic.help().stripTrailing()).append("\n```\n\n");
        }
        return md.toString().stripTrailing() + "\n";
    }
}
