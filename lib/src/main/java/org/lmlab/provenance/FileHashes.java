package org.lmlab.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;

/**
 * SHA-256 of files, each computed once: a digest is kept by path, size and modification time,
 * so attaching provenance to every result table does not re-read a multi-gigabyte model. Files
 * larger than {@link #PROGRESS_BYTES} show progress while they are read.
 */
public final class FileHashes {

    /** Files from this size on (64 MiB, a few tenths of a second to hash) report progress. */
    public static final long PROGRESS_BYTES = 64L << 20;

    private static final FileHashes SHARED = new FileHashes(PROGRESS_BYTES);

    private record Key(String path, long size, long modifiedMillis) {
    }

    private final Map<Key, FileHash> cache = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final long progressBytes;

    /** A cache of its own; files from {@code progressBytes} on report progress. */
    public FileHashes(long progressBytes) {
        this.progressBytes = progressBytes;
    }

    /** The process-wide cache that session recorders share. */
    public static FileHashes shared() {
        return SHARED;
    }

    /** How many files were actually read (not answered from the cache); for tests. */
    public long reads() {
        return reads.get();
    }

    /**
     * The file's digest, from the cache when neither its size nor its modification time changed.
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public FileHash hash(Path file, Progress progress) {
        Path absolute = file.toAbsolutePath().normalize();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + absolute + " for provenance: " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException("cannot hash " + absolute + " for provenance: not a regular file");
        }
        Key key = new Key(absolute.toString(), attributes.size(), attributes.lastModifiedTime().toMillis());
        FileHash known = cache.get(key);
        if (known != null) {
            return known;
        }
        FileHash computed = new FileHash(key.path(), key.size(), digest(absolute, key.size(), progress));
        cache.put(key, computed);
        return computed;
    }

    private String digest(Path file, long size, Progress progress) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        boolean report = size >= progressBytes;
        if (report) {
            progress.start(size, "sha256 " + file.getFileName());
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                if (report) {
                    progress.step(n);
                    Cancellation.check();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + file + " for provenance: " + e.getMessage(), e);
        } finally {
            if (report) {
                progress.done();
            }
        }
        reads.incrementAndGet();
        return HexFormat.of().formatHex(sha256.digest());
    }
}
