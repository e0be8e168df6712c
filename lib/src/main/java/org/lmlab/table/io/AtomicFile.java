package org.lmlab.table.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary sibling that is renamed into place, so a failed or
 * interrupted write never leaves a half-written file where a reader would find it.
 */
final class AtomicFile {

    /** Writes the temporary file. */
    interface Body {
        void write(Path temporary) throws IOException;
    }

    private AtomicFile() {
    }

    static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw TableFormatException.inFile(target, "cannot write: the directory " + directory + " does not exist",
                    null);
        }
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".partial");
        try {
            body.write(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
