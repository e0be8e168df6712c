package org.lmlab.provenance;

/**
 * The SHA-256 of one file as it was when hashed.
 *
 * @param path   the file's absolute path
 * @param bytes  its size
 * @param sha256 lower-case hex digest, as {@code hashlib.sha256(data).hexdigest()} writes it
 */
public record FileHash(String path, long bytes, String sha256) {
}
