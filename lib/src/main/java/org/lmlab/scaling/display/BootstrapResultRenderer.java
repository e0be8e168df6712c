package org.lmlab.scaling.display;

import java.util.Locale;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderer;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.stats.Interval;

/** A bootstrap as a table of estimates and percentile intervals. */
public final class BootstrapResultRenderer implements Renderer<BootstrapResult> {

    @Override
    public Class<BootstrapResult> type() {
        return BootstrapResult.class;
    }

    @Override
    public Object render(BootstrapResult result) {
        StringBuilder html = new StringBuilder("<div><p><code>").append(Html.escape(result.full().formula()))
                .append("</code></p><table><thead><tr><th>quantity</th><th>estimate</th>")
                .append(String.format(Locale.ROOT, "<th>%.0f%% interval</th></tr></thead><tbody>",
                        100 * result.options().level()));
        for (Interval i : result.intervals()) {
            html.append("<tr><td>").append(Html.escape(i.name())).append("</td><td>").append(Html.number(i.estimate()))
                    .append("</td><td>[").append(Html.number(i.lower())).append(", ").append(Html.number(i.upper()))
                    .append("]</td></tr>");
        }
        html.append("</tbody></table><p>").append(String.format(Locale.ROOT,
                "%d bootstrap resamples (seed %d, %d threads), %.1f s; derived quantities at C = %.3g FLOPs",
                result.values().length, result.options().seed(), result.options().threads(),
                result.elapsed().toMillis() / 1000.0, result.options().flops())).append("</p></div>");
        return MimeBundle.builder(result.toString()).add(MimeBundle.HTML, html.toString()).build();
    }
}
