package org.lmlab.kernel.script;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * {@code --param} overrides written into a notebook's JSON, as papermill writes them: a code cell
 * tagged {@code injected-parameters} right after the parameters cell (an earlier one replaced),
 * so a notebook executed from the result shows the values it used.
 */
public final class NotebookParameters {

    private NotebookParameters() {
    }

    /**
     * @param notebook  an nbformat 4 notebook (not changed)
     * @param overrides NAME to TEXT, typed as {@link ParameterInjection#inject} types them
     * @return a copy with the injected cell; an unchanged copy when there are no overrides
     */
    public static JsonObject inject(JsonObject notebook, Map<String, String> overrides) throws ParameterException {
        JsonObject copy = notebook.deepCopy();
        if (overrides.isEmpty()) {
            return copy;
        }
        JsonArray cells = copy.getAsJsonArray("cells");
        ScriptCell parametersCell = ParameterInjection.parametersCell(ScriptCells.codeCells(cells), overrides);
        String injected = ParameterInjection.injectedSource(parametersCell, overrides);
        JsonArray result = new JsonArray();
        boolean placed = false;
        for (JsonElement element : cells) {
            JsonObject cell = element.getAsJsonObject();
            ScriptCell.Role role = ScriptCells.role(cell);
            if (role == ScriptCell.Role.INJECTED_PARAMETERS) {
                continue;
            }
            result.add(cell);
            if (!placed && role == ScriptCell.Role.PARAMETERS && "code".equals(cell.get("cell_type").getAsString())) {
                result.add(codeCell(injected, copy.has("nbformat_minor") && copy.get("nbformat_minor").getAsInt() >= 5));
                placed = true;
            }
        }
        copy.add("cells", result);
        return copy;
    }

    /** @param withId nbformat 4.5 and later require cell ids; earlier versions refuse them */
    private static JsonObject codeCell(String source, boolean withId) {
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", "code");
        cell.add("execution_count", JsonNull.INSTANCE);
        if (withId) {
            cell.addProperty("id", ScriptCell.Role.INJECTED_PARAMETERS.tag());
        }
        JsonObject metadata = new JsonObject();
        JsonArray tags = new JsonArray();
        tags.add(ScriptCell.Role.INJECTED_PARAMETERS.tag());
        metadata.add("tags", tags);
        cell.add("metadata", metadata);
        cell.add("outputs", new JsonArray());
        JsonArray lines = new JsonArray();
        String[] split = source.split("\n", -1);
        for (int i = 0; i < split.length; i++) {
            lines.add(i < split.length - 1 ? split[i] + "\n" : split[i]);
        }
        cell.add("source", lines);
        return cell;
    }
}
