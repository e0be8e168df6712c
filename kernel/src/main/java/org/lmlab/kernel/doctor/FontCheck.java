package org.lmlab.kernel.doctor;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Fonts for plots: a headless JVM draws chart text (XChart) with the system's fonts and fails on
 * the first label when there are none. Looks for TrueType/OpenType files, then measures a string
 * the way a chart does.
 */
public final class FontCheck implements Check {

    static final String FIX = "sudo apt-get install -y fonts-dejavu-core";

    private final List<Path> fontDirectories;
    private final boolean measure;

    /** @param measure also lay out text in this JVM (off in tests that point at a fake font folder) */
    public FontCheck(List<Path> fontDirectories, boolean measure) {
        this.fontDirectories = List.copyOf(fontDirectories);
        this.measure = measure;
    }

    /** The usual font folders of Linux and macOS, and the JDK's own. */
    public static List<Path> systemFontDirectories() {
        Path home = Path.of(System.getProperty("user.home"));
        return List.of(Path.of("/usr/share/fonts"), Path.of("/usr/local/share/fonts"), home.resolve(".local/share/fonts"),
                home.resolve(".fonts"), Path.of("/Library/Fonts"), Path.of("/System/Library/Fonts"),
                Path.of(System.getProperty("java.home"), "lib/fonts"));
    }

    @Override
    public String name() {
        return "fonts";
    }

    @Override
    public CheckResult run() {
        List<Path> fonts = new ArrayList<>();
        for (Path dir : fontDirectories) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir, 6)) {
                    files.filter(FontCheck::isFontFile).forEach(fonts::add);
                } catch (IOException | UncheckedIOException e) {
                    // an unreadable folder holds no usable fonts
                }
            }
        }
        if (fonts.isEmpty()) {
            return CheckResult.fail("no TrueType/OpenType fonts in " + fontDirectories
                    + ": plots cannot draw their labels", FIX);
        }
        // Name the font charts most likely use (DejaVu Sans on Debian) when it is there.
        String example = fonts.stream().map(p -> p.getFileName().toString()).filter(n -> n.equals("DejaVuSans.ttf"))
                .findFirst().orElse(fonts.get(0).getFileName().toString());
        if (measure) {
            try {
                BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
                Graphics2D g = image.createGraphics();
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                int width = g.getFontMetrics().stringWidth("lmlab 0.5");
                g.dispose();
                if (width <= 0) {
                    return CheckResult.fail("the JVM measures text as " + width + " pixels wide", FIX);
                }
            } catch (RuntimeException | Error e) {
                return CheckResult.fail("the JVM cannot lay out text: " + e, FIX);
            }
        }
        return CheckResult.ok(fonts.size() + " font files (" + example + ")");
    }

    private static boolean isFontFile(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ttf") || name.endsWith(".otf") || name.endsWith(".ttc");
    }
}
