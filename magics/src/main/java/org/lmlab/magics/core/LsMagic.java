package org.lmlab.magics.core;

import static org.lmlab.display.HtmlEscaper.escape;

import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;
import org.lmlab.magics.Magic;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code %lsmagic}: every magic with its kinds and summary. */
@Command(name = "lsmagic", description = "List every line (%%) and cell (%%%%) magic with a one-line summary.")
public final class LsMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Override
    public Object run(MagicCall call, MagicContext context) {
        StringBuilder text = new StringBuilder("Available magics (name --help for details):\n");
        StringBuilder html = new StringBuilder("<table><thead><tr><th>magic</th><th>summary</th></tr></thead><tbody>");
        for (Magic magic : context.magics().all()) {
            String forms = forms(magic);
            text.append(String.format("  %-24s %s%n", forms, magic.summary()));
            html.append("<tr><td><code>").append(escape(forms)).append("</code></td><td style=\"text-align:left\">")
                    .append(escape(magic.summary())).append("</td></tr>");
        }
        html.append("</tbody></table>");
        MimeBundle bundle = MimeBundle.builder(text.toString()).add(MimeBundle.HTML, html.toString()).build();
        return (Displayable) () -> bundle;
    }

    private static String forms(Magic magic) {
        StringBuilder forms = new StringBuilder();
        for (MagicKind kind : MagicKind.values()) {
            if (magic.supports(kind)) {
                forms.append(forms.length() == 0 ? "" : " ").append(kind.prefix()).append(magic.name());
            }
        }
        return forms.toString();
    }
}
