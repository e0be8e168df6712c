package org.lmlab.kernel.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.display.MimeBundle;
import org.lmlab.progress.ProgressBars;

class ConsoleDisplaySinkTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void imagesGoToFilesNamedByCellAndTextIsPrinted(@TempDir Path dir) throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        ConsoleDisplaySink sink = new ConsoleDisplaySink(out, dir, false);
        sink.startCell(3);
        sink.display(MimeBundle.builder("a chart").add(MimeBundle.PNG, Base64.getEncoder().encodeToString(png))
                .add(MimeBundle.SVG, "<svg/>").build(), null);
        sink.result(MimeBundle.text("42"));

        assertArrayEquals(png, Files.readAllBytes(dir.resolve("cell3-1.png")));
        assertEquals("<svg/>", Files.readString(dir.resolve("cell3-1.svg")));
        assertEquals("[" + dir.resolve("cell3-1.png") + "]\n[" + dir.resolve("cell3-1.svg") + "]\na chart\n42\n",
                printed());
        assertEquals(List.of(new ScriptOutput(3, "display", List.of(MimeBundle.TEXT, MimeBundle.PNG, MimeBundle.SVG), "a chart"),
                new ScriptOutput(3, "result", List.of(MimeBundle.TEXT), "42")), sink.outputs());
    }

    @Test
    void terminalRedrawsProgressInPlaceAndEndsTheLineBeforeOtherOutput() {
        ConsoleDisplaySink sink = new ConsoleDisplaySink(out, null, true);
        String id = ProgressBars.DISPLAY_ID_PREFIX + "1";
        sink.display(MimeBundle.text("fit 10%"), id);
        sink.update(id, MimeBundle.text("fit 100%"));
        sink.result(MimeBundle.text("done"));
        assertEquals("\rfit 10%\rfit 100%\ndone\n", printed());
        assertEquals(List.of(new ScriptOutput(0, "result", List.of(MimeBundle.TEXT), "done")), sink.outputs(),
                "progress is not an output");
    }

    @Test
    void logOutputGetsTheFirstAndLastProgressLines() {
        ConsoleDisplaySink sink = new ConsoleDisplaySink(out, null, false);
        String id = ProgressBars.DISPLAY_ID_PREFIX + "2";
        sink.display(MimeBundle.text("fit 0%"), id);
        sink.update(id, MimeBundle.text("fit 50%"));
        sink.update(id, MimeBundle.text("fit 100%"));
        sink.startCell(2);
        assertEquals("fit 0%\nfit 100%\n", printed());
    }
}
