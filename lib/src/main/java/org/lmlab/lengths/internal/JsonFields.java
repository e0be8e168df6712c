package org.lmlab.lengths.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.lmlab.lengths.LengthDataFormatException;

/** JSON Lines field access for the length readers; not API. */
public final class JsonFields {

    private JsonFields() {
    }

    /** A short description of a JSON value for error messages. */
    public static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonElement prim = e;
        if (prim.getAsJsonPrimitive().isString()) {
            return "string \"" + prim.getAsString() + "\"";
        }
        if (prim.getAsJsonPrimitive().isBoolean()) {
            return "boolean " + prim.getAsString();
        }
        return "number " + prim.getAsString();
    }

    /** Typed access to one JSON object's fields, failing with {@code file:line: field '…' …}. */
    public static final class Fields {
        private final Path file;
        private final int line;
        private final JsonObject o;
        private final String prefix;

        public Fields(Path file, int line, JsonObject o) {
            this(file, line, o, "");
        }

        public Fields(Path file, int line, JsonObject o, String prefix) {
            this.file = file;
            this.line = line;
            this.o = o;
            this.prefix = prefix;
        }

        /** {@code file:line} of this object. */
        public String source() {
            return file + ":" + line;
        }

        public LengthDataFormatException error(String name, String what) {
            return new LengthDataFormatException(file, line, "field '" + prefix + name + "' " + what, null);
        }

        private JsonElement get(String name) {
            JsonElement e = o.get(name);
            if (e == null) {
                throw error(name, "is missing");
            }
            return e;
        }

        public String string(String name) {
            JsonElement e = get(name);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(name, "must be a string, got " + kind(e));
            }
            return e.getAsString();
        }

        public double number(String name) {
            JsonElement e = get(name);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw error(name, "must be a number, got " + kind(e));
            }
            return e.getAsDouble();
        }

        public int integer(String name) {
            double v = number(name);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw error(name, "must be an integer, got " + get(name).getAsString());
            }
            return (int) v;
        }

        public boolean bool(String name) {
            JsonElement e = get(name);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw error(name, "must be true or false, got " + kind(e));
            }
            return e.getAsBoolean();
        }

        public JsonObject object(String name) {
            JsonElement e = get(name);
            if (!e.isJsonObject()) {
                throw error(name, "must be an object, got " + kind(e));
            }
            return e.getAsJsonObject();
        }

        public int[] lengths(String name) {
            JsonElement e = get(name);
            if (!e.isJsonArray()) {
                throw error(name, "must be an array of token counts, got " + kind(e));
            }
            JsonArray a = e.getAsJsonArray();
            if (a.isEmpty()) {
                throw error(name, "is empty; each row needs at least one response length");
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                JsonElement x = a.get(i);
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                    throw error(name, "element " + i + " must be a token count, got " + kind(x));
                }
                double v = x.getAsDouble();
                if (v != Math.rint(v)) {
                    throw error(name, "element " + i + " must be a whole number of tokens, got " + x.getAsString());
                }
                if (v < 0) {
                    throw error(name, "element " + i + " must not be negative, got " + x.getAsString());
                }
                if (v > Integer.MAX_VALUE) {
                    throw error(name, "element " + i + " is too large: " + x.getAsString());
                }
                out[i] = (int) v;
            }
            return out;
        }
    }
}
