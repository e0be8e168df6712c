package org.lmlab.kernel.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the feature release (17, 21, ...) of another Java executable by asking it. */
public final class JavaVersionProbe {

    private static final Pattern VERSION = Pattern.compile("version \"(?:1\\.)?(\\d+)");

    private JavaVersionProbe() {
    }

    public static int feature(Path java) throws IOException {
        Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw new IOException(java + " -version printed no version: " + text.strip());
        }
        return Integer.parseInt(m.group(1));
    }
}
