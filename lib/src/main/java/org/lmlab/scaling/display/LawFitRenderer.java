package org.lmlab.scaling.display;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderer;
import org.lmlab.scaling.LawFit;

/** A law fit as its formula, a parameter table and the optimiser's diagnostics. */
public final class LawFitRenderer implements Renderer<LawFit> {

    @Override
    public Class<LawFit> type() {
        return LawFit.class;
    }

    @Override
    public Object render(LawFit fit) {
        Map<String, Double> p = fit.parameters();
        StringBuilder html = new StringBuilder("<div><p><code>").append(Html.escape(fit.formula()))
                .append("</code></p><table><thead><tr>");
        p.keySet().forEach(k -> html.append("<th>").append(Html.escape(k)).append("</th>"));
        html.append("<th>objective</th></tr></thead><tbody><tr>");
        p.values().forEach(v -> html.append("<td>").append(Html.number(v)).append("</td>"));
        html.append("<td>").append(Html.number(fit.objective())).append("</td></tr></tbody></table><p>")
                .append(String.format(Locale.ROOT, "%s law; %d runs; %d of %d starts reached the best objective; %d ms",
                        Html.escape(fit.law().name()), fit.runs(), fit.startsAtBest(), fit.starts(),
                        fit.elapsed().toMillis()))
                .append("</p>");
        List<String> pinned = fit.atBounds();
        if (!pinned.isEmpty()) {
            html.append("<p>at a bound: ").append(Html.escape(String.join(", ", pinned))).append("</p>");
        }
        html.append("</div>");
        return MimeBundle.builder(fit.toString()).add(MimeBundle.HTML, html.toString()).build();
    }
}
