package org.lmlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageSignerTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesRfc4231TestCase2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"; split across parts.
        MessageSigner signer = new MessageSigner("hmac-sha256", "Jefe");
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                signer.sign(b("what do ya "), b("want for nothing?")));
    }

    @Test
    void verifiesOnlyTheRightSignature() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "secret");
        String good = signer.sign(b("h"), b("p"), b("m"), b("c"));
        assertTrue(signer.verify(good, b("h"), b("p"), b("m"), b("c")));
        assertFalse(signer.verify(good, b("h"), b("p"), b("m"), b("C")));
        assertFalse(signer.verify(good.toUpperCase(), b("h"), b("p"), b("m"), b("c")));
        assertFalse(signer.verify("", b("h"), b("p"), b("m"), b("c")));
    }

    @Test
    void emptyKeyDisablesSigning() {
        MessageSigner signer = new MessageSigner("hmac-sha256", "");
        assertEquals("", signer.sign(b("x")));
        assertTrue(signer.verify("anything", b("x")));
    }

    @Test
    void unknownSchemeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MessageSigner("hmac-whirlpool", "k"));
        assertTrue(e.getMessage().contains("hmac-whirlpool"));
    }
}
