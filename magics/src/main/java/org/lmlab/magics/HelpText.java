package org.lmlab.magics;

import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;

/** Usage text of a magic, shown verbatim (monospace) in every front end. */
public record HelpText(String text) implements Displayable {
    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
