package org.lmlab.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jupyter's multipart framing: routing identities, {@code <IDS|MSG>}, signature, header, parent
 * header, metadata, content, then binary buffers. Decoding checks the signature before parsing
 * any JSON, so unsigned input never reaches the JSON parser.
 */
public final class WireCodec {

    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    private final MessageSigner signer;

    public WireCodec(MessageSigner signer) {
        this.signer = signer;
    }

    public Message decode(List<byte[]> frames) throws MessageFormatException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new MessageFormatException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            throw new MessageFormatException("expected signature and 4 JSON frames after the delimiter, got "
                    + (frames.size() - delimiter - 1));
        }
        String signature = new String(frames.get(delimiter + 1), StandardCharsets.US_ASCII);
        byte[][] signed = {frames.get(delimiter + 2), frames.get(delimiter + 3), frames.get(delimiter + 4),
                frames.get(delimiter + 5)};
        if (!signer.verify(signature, signed)) {
            throw new MessageFormatException("invalid signature");
        }
        JsonObject header = object(signed[0], "header");
        return new Message(frames.subList(0, delimiter), Header.fromJson(header), object(signed[1], "parent_header"),
                object(signed[2], "metadata"), object(signed[3], "content"),
                new ArrayList<>(frames.subList(delimiter + 6, frames.size())));
    }

    public List<byte[]> encode(Message message) {
        byte[] header = bytes(message.rawHeader());
        byte[] parent = bytes(message.parentHeader());
        byte[] metadata = bytes(message.metadata());
        byte[] content = bytes(message.content());
        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    private static byte[] bytes(JsonObject json) {
        return Json.GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject object(byte[] frame, String name) throws MessageFormatException {
        try {
            JsonElement element = JsonParser.parseString(new String(frame, StandardCharsets.UTF_8));
            if (!element.isJsonObject()) {
                throw new MessageFormatException(name + " is not a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new MessageFormatException(name + " is not valid JSON");
        }
    }
}
