package org.lmlab.training.position;

import com.google.gson.JsonObject;

/** The config.json objects of the encodings: {@code {"type": name, key: value}}. */
final class EncodingJson {

    private EncodingJson() {
    }

    static JsonObject of(String type) {
        JsonObject o = new JsonObject();
        o.addProperty("type", type);
        return o;
    }

    static JsonObject of(String type, String key, Number value) {
        JsonObject o = of(type);
        o.addProperty(key, value);
        return o;
    }
}
