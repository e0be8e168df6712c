package org.lmlab.kernel.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import org.lmlab.display.DisplaySink;
import org.lmlab.display.MimeBundle;

/** Sends displays to the front end as display_data / update_display_data / clear_output. */
public final class KernelDisplaySink implements DisplaySink {

    private final Output output;
    private final Runnable flushStreams;

    /** @param flushStreams run before every display so text printed earlier appears earlier */
    public KernelDisplaySink(Output output, Runnable flushStreams) {
        this.output = output;
        this.flushStreams = flushStreams;
    }

    @Override
    public void display(MimeBundle bundle, String displayId) {
        flushStreams.run();
        output.publish("display_data", content(bundle, displayId));
    }

    @Override
    public void update(String displayId, MimeBundle bundle) {
        flushStreams.run();
        output.publish("update_display_data", content(bundle, displayId));
    }

    @Override
    public void clear(boolean wait) {
        flushStreams.run();
        JsonObject content = new JsonObject();
        content.addProperty("wait", wait);
        output.publish("clear_output", content);
    }

    /** data and metadata without a display id, as execute_result and user_expressions carry them. */
    public static JsonObject resultContent(MimeBundle bundle) {
        JsonObject content = content(bundle, null);
        content.remove("transient");
        return content;
    }

    /** The data/metadata/transient content shared by display_data, update_display_data and execute_result. */
    public static JsonObject content(MimeBundle bundle, String displayId) {
        JsonObject content = new JsonObject();
        content.add("data", data(bundle.data(), false));
        content.add("metadata", data(bundle.metadata(), true));
        JsonObject transientPart = new JsonObject();
        if (displayId != null) {
            transientPart.addProperty("display_id", displayId);
        }
        content.add("transient", transientPart);
        return content;
    }

    /** @param allJson metadata values are always JSON text; data values only for JSON MIME types */
    private static JsonObject data(Map<String, String> values, boolean allJson) {
        JsonObject json = new JsonObject();
        values.forEach((mime, value) -> {
            if (allJson || MimeBundle.isJsonType(mime)) {
                try {
                    json.add(mime, JsonParser.parseString(value));
                    return;
                } catch (RuntimeException e) {
                    // Not JSON after all: send it as text rather than lose it.
                }
            }
            json.addProperty(mime, value);
        });
        return json;
    }
}
