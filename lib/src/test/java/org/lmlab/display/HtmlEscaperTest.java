package org.lmlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/**
 * {@link HtmlEscaper} against Python's {@code html.escape(s, quote=True)}, which replaces the same
 * five characters with the same entities ({@code &#x27;} for the apostrophe there, {@code &#39;}
 * here: the same character, so the reference's form is normalised before comparing).
 */
class HtmlEscaperTest {

    private static final List<String> CASES = List.of(
            "", "plain text", "&", "&amp;", "<script>alert('x')</script>", "a < b && c > d",
            "\"quoted\" and 'single'", "N_opt = A·N^−α", "emoji 😀 & surrogate pairs", "<<>>&&\"\"''",
            "tab\tnew\nline", "end&", "&start", "ünïcödé <b>");

    private static final String SCRIPT = """
            import html, json, sys
            cases = json.load(open(sys.argv[1]))["cases"]
            print(json.dumps({"escaped": [html.escape(s, quote=True).replace("&#x27;", "&#39;") for s in cases]}))
            """;

    @Test
    void equalsPythonHtmlEscape() throws Exception {
        JsonObject ref = PythonReference.runOnJson(SCRIPT, Map.of("cases", CASES));
        JsonArray escaped = ref.getAsJsonArray("escaped");
        for (int i = 0; i < CASES.size(); i++) {
            assertEquals(escaped.get(i).getAsString(), HtmlEscaper.escape(CASES.get(i)), "case " + i);
        }
    }

    @Test
    void textWithoutMarkupIsReturnedAsIs() {
        String s = "nothing to escape here";
        assertSame(s, HtmlEscaper.escape(s));
        // escaping twice escapes the ampersands of the first pass (by hand: & -> &amp; -> &amp;amp;)
        assertEquals("&amp;amp;lt;", HtmlEscaper.escape(HtmlEscaper.escape("&lt;")));
    }
}
