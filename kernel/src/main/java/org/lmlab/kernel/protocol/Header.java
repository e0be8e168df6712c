package org.lmlab.kernel.protocol;

import com.google.gson.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** A message header, protocol 5.3. */
public record Header(String msgId, String session, String username, String date, String msgType, String version) {

    public static final String PROTOCOL_VERSION = "5.4";

    static Header fresh(String session, String msgType) {
        return new Header(UUID.randomUUID().toString(), session, "lmlab",
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), msgType,
                PROTOCOL_VERSION);
    }

    /** Reads a header, requiring the fields the kernel relies on. */
    static Header fromJson(JsonObject json) throws MessageFormatException {
        return new Header(required(json, "msg_id"), optional(json, "session"), optional(json, "username"),
                optional(json, "date"), required(json, "msg_type"), optional(json, "version"));
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("msg_id", msgId);
        json.addProperty("session", session);
        json.addProperty("username", username);
        json.addProperty("date", date);
        json.addProperty("msg_type", msgType);
        json.addProperty("version", version);
        return json;
    }

    private static String required(JsonObject json, String name) throws MessageFormatException {
        String value = optional(json, name);
        if (value.isEmpty()) {
            throw new MessageFormatException("header lacks \"" + name + "\"");
        }
        return value;
    }

    private static String optional(JsonObject json, String name) {
        var value = json.get(name);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
    }
}
