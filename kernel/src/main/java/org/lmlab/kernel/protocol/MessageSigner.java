package org.lmlab.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of Jupyter messages (over header, parent header, metadata and content).
 * Verification compares in constant time so a forger learns nothing from response timing.
 */
public final class MessageSigner {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "hmac-sha256", "HmacSHA256", "hmac-sha512", "HmacSHA512", "hmac-sha384", "HmacSHA384",
            "hmac-sha1", "HmacSHA1", "hmac-md5", "HmacMD5");

    private final SecretKeySpec key;
    // Mac is not thread-safe; each thread gets its own initialised copy.
    private final ThreadLocal<Mac> mac;

    public MessageSigner(String scheme, String key) {
        String algorithm = ALGORITHMS.get(scheme);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported signature_scheme \"" + scheme + "\"; supported: "
                    + ALGORITHMS.keySet());
        }
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
        this.mac = ThreadLocal.withInitial(() -> newMac(algorithm));
    }

    /** Hex signature of the parts; empty when the key is empty (signing disabled). */
    public String sign(byte[]... parts) {
        if (key == null) {
            return "";
        }
        Mac m = mac.get();
        for (byte[] part : parts) {
            m.update(part);
        }
        return HexFormat.of().formatHex(m.doFinal());
    }

    public boolean verify(String signature, byte[]... parts) {
        if (key == null) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private Mac newMac(String algorithm) {
        try {
            Mac m = Mac.getInstance(algorithm);
            if (key != null) {
                m.init(key);
            }
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("cannot initialise " + algorithm, e);
        }
    }
}
