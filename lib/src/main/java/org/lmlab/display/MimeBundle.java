package org.lmlab.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of representations of one value, keyed by MIME type, as Jupyter displays it.
 *
 * <p>Values are text: plain strings for textual types, base64 for binary images, and JSON text
 * for every type whose name ends in {@code json} (the wire layer embeds those as JSON, not as
 * strings). A bundle always carries {@code text/plain}, the fallback every front end can show.
 *
 * @param data     representations, in the order they were added
 * @param metadata per-bundle metadata (for example image sizes), JSON text by MIME type
 */
public record MimeBundle(Map<String, String> data, Map<String, String> metadata) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    public static final String JSON = "application/json";
    public static final String VEGA_LITE = "application/vnd.vegalite.v5+json";

    public MimeBundle {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(metadata, "metadata");
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MimeBundle needs a text/plain representation; has " + data.keySet());
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A bundle with only a plain-text representation. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text), Map.of());
    }

    /** Starts a bundle whose plain-text fallback is {@code text}. */
    public static Builder builder(String text) {
        return new Builder().add(TEXT, text);
    }

    /** True when the value of {@code mimeType} is JSON text rather than a string. */
    public static boolean isJsonType(String mimeType) {
        return mimeType.endsWith("json");
    }

    public String plainText() {
        return data.get(TEXT);
    }

    /** Builder for bundles with several representations. */
    public static final class Builder {
        private final Map<String, String> data = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder add(String mimeType, String value) {
            data.put(Objects.requireNonNull(mimeType), Objects.requireNonNull(value, mimeType));
            return this;
        }

        /** Adds per-type metadata given as JSON text, e.g. {@code {"width": 640}} for an image. */
        public Builder metadata(String mimeType, String json) {
            metadata.put(mimeType, json);
            return this;
        }

        public MimeBundle build() {
            return new MimeBundle(data, metadata);
        }
    }
}
