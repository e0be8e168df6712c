package org.lmlab.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;

/** SHA-256 of files against Python's hashlib, computed once per file version, with progress for big files. */
class FileHashesTest {

    @TempDir
    Path dir;

    private static String hashlib(Path file) throws Exception {
        return PythonReference.run("import hashlib, sys\nprint(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())",
                file.toString()).trim();
    }

    @Test
    void digestEqualsHashlibAndIsReadOncePerVersion() throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] bytes = new byte[3 * 1024 * 1024 + 17]; // not a multiple of the 1 MiB read buffer
        new Random(11).nextBytes(bytes);
        Files.write(file, bytes);
        FileHashes hashes = new FileHashes(FileHashes.PROGRESS_BYTES);

        FileHash first = hashes.hash(file, Progress.NONE);
        assertEquals(hashlib(file), first.sha256());
        assertEquals(bytes.length, first.bytes());
        assertEquals(file.toAbsolutePath().toString(), first.path());
        assertEquals(first, hashes.hash(dir.resolve(".").resolve("data.bin"), Progress.NONE), "same file, other spelling");
        assertEquals(1, hashes.reads(), "the second request is answered from the cache");

        Files.write(file, new byte[] {1}, StandardOpenOption.APPEND);
        FileHash changed = hashes.hash(file, Progress.NONE);
        assertEquals(hashlib(file), changed.sha256());
        assertEquals(2, hashes.reads(), "a changed size is read again");

        bytes[0] ^= 1; // same size, new modification time
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length + 1));
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertEquals(hashlib(file), hashes.hash(file, Progress.NONE).sha256());
        assertEquals(3, hashes.reads(), "a changed modification time is read again");
    }

    @Test
    void bigFilesReportProgressSmallOnesDoNot() throws Exception {
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[2_500_000]);
        Path small = dir.resolve("small.bin");
        Files.write(small, new byte[10]);
        List<String> events = new ArrayList<>();
        long[] stepped = new long[1];
        Progress recording = new Progress() {
            @Override
            public void start(long total, String label) {
                events.add("start " + total + " " + label);
            }

            @Override
            public void step(long units) {
                stepped[0] += units;
            }

            @Override
            public void done() {
                events.add("done");
            }
        };
        FileHashes hashes = new FileHashes(1_000_000);
        hashes.hash(small, recording);
        assertEquals(List.of(), events);
        hashes.hash(big, recording);
        assertEquals(List.of("start 2500000 sha256 big.bin", "done"), events);
        assertEquals(2_500_000, stepped[0]);
        hashes.hash(big, recording);
        assertEquals(2, events.size(), "a cached digest reads nothing and shows no bar");
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        FileHashes hashes = new FileHashes(FileHashes.PROGRESS_BYTES);
        Exception missing = assertThrows(java.io.UncheckedIOException.class,
                () -> hashes.hash(dir.resolve("nope.csv"), Progress.NONE));
        assertTrue(missing.getMessage().startsWith("cannot hash " + dir.resolve("nope.csv")), missing.getMessage());
        Exception directory = assertThrows(IllegalArgumentException.class, () -> hashes.hash(dir, Progress.NONE));
        assertTrue(directory.getMessage().endsWith("not a regular file"), directory.getMessage());
    }
}
