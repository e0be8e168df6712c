package org.lmlab.display;

import java.util.Base64;

/**
 * Ready-made displayable values for notebook cells: {@code display(Content.html("<b>hi</b>"))}.
 * Each carries a plain-text fallback so notebooks stay readable outside JupyterLab.
 */
public final class Content {

    private Content() {
    }

    public static Displayable html(String html) {
        return of(MimeBundle.HTML, html, "[HTML]");
    }

    public static Displayable markdown(String markdown) {
        return () -> MimeBundle.builder(markdown).add(MimeBundle.MARKDOWN, markdown).build();
    }

    public static Displayable svg(String svg) {
        return of(MimeBundle.SVG, svg, "[SVG image]");
    }

    public static Displayable png(byte[] png) {
        return of(MimeBundle.PNG, Base64.getEncoder().encodeToString(png), "[PNG image, " + png.length + " bytes]");
    }

    /** JSON text shown by JupyterLab's JSON viewer. */
    public static Displayable json(String json) {
        return of(MimeBundle.JSON, json, json);
    }

    /** A Vega-Lite v5 specification (JSON text); JupyterLab renders it offline. */
    public static Displayable vegaLite(String spec) {
        return of(MimeBundle.VEGA_LITE, spec, "[Vega-Lite chart]");
    }

    private static Displayable of(String mimeType, String value, String text) {
        return () -> MimeBundle.builder(text).add(mimeType, value).build();
    }
}
