package org.lmlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderersTest {

    interface Shape {
    }

    record Square(int side) implements Shape {
    }

    record Report(Square square) {
    }

    private final List<String> warnings = new ArrayList<>();
    private final Renderers renderers = new Renderers(warnings::add);

    @Test
    void unknownTypesFallBackToTextPlain() {
        MimeBundle bundle = renderers.render(42);
        assertEquals(Map.of(MimeBundle.TEXT, "42"), bundle.data());
        assertEquals("null", renderers.render(null).plainText());
    }

    @Test
    void interfaceRendererAppliesToImplementations() {
        renderers.register(Shape.class, s -> MimeBundle.builder("shape").add(MimeBundle.HTML, "<i>shape</i>").build());
        assertEquals("<i>shape</i>", renderers.render(new Square(2)).data().get(MimeBundle.HTML));
    }

    @Test
    void nearestTypeWinsThenPriority() {
        renderers.register(Shape.class, s -> MimeBundle.text("shape"));
        renderers.register(Square.class, s -> MimeBundle.text("square"));
        renderers.register(new Renderer<Square>() {
            @Override
            public Class<Square> type() {
                return Square.class;
            }

            @Override
            public int priority() {
                return 10;
            }

            @Override
            public Object render(Square value) {
                return MimeBundle.text("preferred square " + value.side());
            }
        });
        assertEquals("preferred square 3", renderers.render(new Square(3)).plainText());
    }

    @Test
    void rendererMayHandOverToAnotherObject() {
        renderers.register(Report.class, Report::square);
        renderers.register(Square.class, s -> MimeBundle.text("side " + s.side()));
        assertEquals("side 5", renderers.render(new Report(new Square(5))).plainText());
    }

    @Test
    void failingRendererIsNamedAndFallsBackToText() {
        renderers.register(Square.class, s -> {
            throw new IllegalStateException("broken");
        });
        assertEquals("Square[side=1]", renderers.render(new Square(1)).plainText());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(Square.class.getName()), warnings.get(0));
    }

    @Test
    void endlessHandOverStopsWithAWarning() {
        renderers.register(Square.class, s -> new Square(s.side() + 1));
        assertEquals("Square[side=0]", renderers.render(new Square(0)).plainText());
        assertTrue(warnings.get(0).contains("did not finish"), warnings.get(0));
    }

    @Test
    void displayableRendersItself() {
        MimeBundle bundle = renderers.render(Content.markdown("# title"));
        assertEquals("# title", bundle.data().get(MimeBundle.MARKDOWN));
    }

    @Test
    void bundleRequiresPlainText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MimeBundle(Map.of(MimeBundle.HTML, "<b>x</b>"), Map.of()));
        assertTrue(e.getMessage().contains("text/plain"));
    }

    @Test
    void jsonTypesAreRecognised() {
        assertTrue(MimeBundle.isJsonType(MimeBundle.VEGA_LITE));
        assertTrue(MimeBundle.isJsonType(MimeBundle.JSON));
        assertTrue(!MimeBundle.isJsonType(MimeBundle.HTML));
    }
}
