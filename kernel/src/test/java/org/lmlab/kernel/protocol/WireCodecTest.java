package org.lmlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private final WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "key"));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[]> request(String type) {
        JsonObject content = new JsonObject();
        content.addProperty("code", "1+1 // ünïcode");
        Message message = new Message(List.of(b("client-id")),
                new Header("id-1", "s", "u", "2026-01-01T00:00:00Z", type, "5.3"),
                new JsonObject(), new JsonObject(), content, List.of(new byte[] {1, 2, 3}));
        return codec.encode(message);
    }

    @Test
    void roundTripKeepsEveryPart() throws Exception {
        Message decoded = codec.decode(request("execute_request"));
        assertEquals("execute_request", decoded.type());
        assertEquals("id-1", decoded.header().msgId());
        assertEquals("1+1 // ünïcode", decoded.content().get("code").getAsString());
        assertArrayEquals(b("client-id"), decoded.identities().get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, decoded.buffers().get(0));
    }

    @Test
    void tamperedContentIsRejectedBeforeParsing() {
        List<byte[]> frames = new ArrayList<>(request("execute_request"));
        frames.set(frames.size() - 2, b("{\"code\": \"System.exit(0)\"}"));
        MessageFormatException e = assertThrows(MessageFormatException.class, () -> codec.decode(frames));
        assertEquals("invalid signature", e.getMessage());
    }

    @Test
    void malformedFramesAreRejectedWithAReason() {
        assertTrue(assertThrows(MessageFormatException.class, () -> codec.decode(List.of(b("x"))))
                .getMessage().contains("delimiter"));
        List<byte[]> short_ = List.of(WireCodec.DELIMITER, b("sig"), b("{}"));
        assertTrue(assertThrows(MessageFormatException.class, () -> codec.decode(short_))
                .getMessage().contains("expected signature"));
        WireCodec unsigned = new WireCodec(new MessageSigner("hmac-sha256", ""));
        List<byte[]> badJson = List.of(WireCodec.DELIMITER, b(""), b("{not json"), b("{}"), b("{}"), b("{}"));
        assertTrue(assertThrows(MessageFormatException.class, () -> unsigned.decode(badJson))
                .getMessage().contains("header is not valid JSON"));
        List<byte[]> noType = List.of(WireCodec.DELIMITER, b(""), b("{\"msg_id\":\"1\"}"), b("{}"), b("{}"), b("{}"));
        assertTrue(assertThrows(MessageFormatException.class, () -> unsigned.decode(noType))
                .getMessage().contains("msg_type"));
    }

    @Test
    void randomFramesNeverEscapeAsUncheckedExceptions() {
        Random random = new Random(7);
        WireCodec unsigned = new WireCodec(new MessageSigner("hmac-sha256", ""));
        for (int i = 0; i < 2000; i++) {
            List<byte[]> frames = new ArrayList<>();
            int n = random.nextInt(9);
            for (int f = 0; f < n; f++) {
                byte[] frame = new byte[random.nextInt(40)];
                random.nextBytes(frame);
                frames.add(random.nextInt(4) == 0 ? WireCodec.DELIMITER : frame);
            }
            try {
                unsigned.decode(frames);
            } catch (MessageFormatException expected) {
                // rejected with a reason: fine
            }
        }
    }
}
