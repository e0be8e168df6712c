package org.lmlab.scaling.display;

import java.util.Locale;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderer;
import org.lmlab.scaling.ChinchillaFit;
import org.lmlab.scaling.ChinchillaParams;

/** A fit as the fitted law, a parameter table and the optimiser's diagnostics. */
public final class ChinchillaFitRenderer implements Renderer<ChinchillaFit> {

    @Override
    public Class<ChinchillaFit> type() {
        return ChinchillaFit.class;
    }

    @Override
    public Object render(ChinchillaFit fit) {
        ChinchillaParams p = fit.params();
        StringBuilder html = new StringBuilder("<div><p><code>").append(p.formula()).append("</code></p><table><thead><tr>")
                .append("<th>A</th><th>B</th><th>E</th><th>α</th><th>β</th><th>objective</th></tr></thead><tbody><tr>");
        for (double v : new double[] {p.A(), p.B(), p.E(), p.alpha(), p.beta(), fit.objective()}) {
            html.append("<td>").append(String.format(Locale.ROOT, "%.6g", v)).append("</td>");
        }
        html.append("</tr></tbody></table><p>").append(fit.runs()).append(" runs; ").append(fit.startsAtBest())
                .append(" of ").append(fit.starts()).append(" starts reached the best objective; ")
                .append(fit.elapsed().toMillis()).append(" ms</p></div>");
        return MimeBundle.builder(fit.toString()).add(MimeBundle.HTML, html.toString()).build();
    }
}
