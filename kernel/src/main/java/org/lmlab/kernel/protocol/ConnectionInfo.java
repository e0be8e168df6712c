package org.lmlab.kernel.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter hands a kernel: where to bind its five sockets and how to sign.
 *
 * @param transport       {@code tcp} or {@code ipc}
 * @param ip              interface to bind (tcp) or path prefix (ipc)
 * @param key             HMAC key; empty disables signing (allowed by the protocol)
 * @param signatureScheme e.g. {@code hmac-sha256}
 */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    /** Reads and validates a connection file; every problem names the file and the field. */
    public static ConnectionInfo read(Path file) throws ConnectionFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConnectionFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        JsonObject json;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new ConnectionFileException(file, "is not a JSON object");
            }
            json = parsed.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            throw new ConnectionFileException(file, "is not valid JSON: " + rootMessage(e));
        }
        String transport = string(file, json, "transport", "tcp");
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new ConnectionFileException(file, "field \"transport\" must be \"tcp\" or \"ipc\", not \"" + transport + "\"");
        }
        return new ConnectionInfo(transport, string(file, json, "ip", null),
                port(file, json, "shell_port"), port(file, json, "iopub_port"), port(file, json, "stdin_port"),
                port(file, json, "control_port"), port(file, json, "hb_port"),
                string(file, json, "key", ""), string(file, json, "signature_scheme", "hmac-sha256"));
    }

    /** The ZeroMQ endpoint for one of this connection's ports. */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : "tcp://" + ip + ":" + port;
    }

    private static String string(Path file, JsonObject json, String name, String fallback)
            throws ConnectionFileException {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            if (fallback == null) {
                throw new ConnectionFileException(file, "lacks the field \"" + name + "\"");
            }
            return fallback;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new ConnectionFileException(file, "field \"" + name + "\" must be a string, not " + value);
        }
        return value.getAsString();
    }

    private static int port(Path file, JsonObject json, String name) throws ConnectionFileException {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new ConnectionFileException(file, "lacks the field \"" + name + "\"");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new ConnectionFileException(file, "field \"" + name + "\" must be a port number, not " + value);
        }
        int port = value.getAsInt();
        if (port < 0 || port > 65535 || port != value.getAsDouble()) {
            throw new ConnectionFileException(file, "field \"" + name + "\" is not a valid port: " + value);
        }
        return port;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
