package org.lmlab.progress;

import static org.lmlab.display.HtmlEscaper.escape;

import java.util.Locale;
import org.lmlab.display.Displayable;
import org.lmlab.display.MimeBundle;

/**
 * A snapshot of a task's progress, displayable as an HTML {@code <progress>} bar with a
 * plain-text fallback (what nbconvert reports and terminals show).
 *
 * @param total units in all; {@code <= 0} when unknown
 */
public record ProgressState(String label, long completed, long total, double elapsedSeconds, boolean finished)
        implements Displayable {

    private static final int TEXT_WIDTH = 30;

    /** Fraction done in [0, 1], or NaN when the total is unknown. */
    public double fraction() {
        return total > 0 ? Math.min(1.0, (double) completed / total) : Double.NaN;
    }

    /** Estimated seconds left, or NaN before there is anything to extrapolate from. */
    public double remainingSeconds() {
        double f = fraction();
        return f > 0 && f < 1 ? elapsedSeconds * (1 - f) / f : Double.NaN;
    }

    /** E.g. {@code fit  [#########.....................]  30%  300/1000  2.1 s, ~4.9 s left}. */
    public String text() {
        if (total <= 0) {
            return label + "  " + details();
        }
        int filled = (int) Math.round(fraction() * TEXT_WIDTH);
        return label + "  [" + "#".repeat(filled) + ".".repeat(TEXT_WIDTH - filled) + "] " + details();
    }

    /** The numbers after the bar: percentage, counts, elapsed and remaining time. */
    private String details() {
        StringBuilder text = new StringBuilder();
        if (total > 0) {
            text.append(String.format(Locale.ROOT, "%3.0f%%  %d/%d", 100 * fraction(), completed, total));
        } else {
            text.append(completed).append(" done");
        }
        text.append(String.format(Locale.ROOT, "  %.1f s", elapsedSeconds));
        if (finished) {
            text.append(", finished");
        } else if (!Double.isNaN(remainingSeconds())) {
            text.append(String.format(Locale.ROOT, ", ~%.1f s left", remainingSeconds()));
        }
        return text.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        String bar = total > 0
                ? "<progress value=\"" + completed + "\" max=\"" + total + "\" style=\"width:20em\"></progress>"
                : "<progress style=\"width:20em\"></progress>";
        String html = "<div style=\"font-family:monospace\">" + escape(label) + " " + bar + " "
                + escape(details().strip()) + "</div>";
        return MimeBundle.builder(text()).add(MimeBundle.HTML, html).build();
    }
}
