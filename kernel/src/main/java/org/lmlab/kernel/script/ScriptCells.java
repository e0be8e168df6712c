package org.lmlab.kernel.script;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the cells to run from a file: the code cells of a notebook ({@code .ipynb}), or a text
 * script whose cells are separated by {@code // %%} lines (the percent format, with Java's
 * comment). A script without separators is one cell, so a file of line magics just works.
 */
public final class ScriptCells {

    private static final Pattern SEPARATOR = Pattern.compile("^\\s*//\\s*%%(.*)$");
    /** A separator's title that gives a role: the tag alone, or a percent-format tags list holding it. */
    private static final Pattern ROLE_TITLE =
            Pattern.compile("\\s*(?:([\\w-]+)|tags\\s*=\\s*\\[(.*)])\\s*");

    private ScriptCells() {
    }

    public static List<ScriptCell> read(Path file) throws ScriptFileException {
        String text = readText(file);
        return file.getFileName().toString().endsWith(".ipynb") ? notebook(file, text) : script(text);
    }

    /** A notebook file's JSON, checked to have a {@code cells} list. */
    public static JsonObject readNotebook(Path file) throws ScriptFileException {
        return notebookJson(file, readText(file));
    }

    private static String readText(Path file) throws ScriptFileException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ScriptFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** Cells of a percent-format script. */
    public static List<ScriptCell> script(String text) {
        List<ScriptCell> cells = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder cell = new StringBuilder();
        int start = 1;
        ScriptCell.Role role = ScriptCell.Role.CODE;
        for (int i = 0; i < lines.length; i++) {
            Matcher separator = SEPARATOR.matcher(lines[i]);
            if (separator.matches()) {
                add(cells, cell.toString(), start, role);
                cell.setLength(0);
                start = i + 2;
                role = titleRole(separator.group(1));
            } else {
                cell.append(lines[i]).append('\n');
            }
        }
        add(cells, cell.toString(), start, role);
        return cells;
    }

    private static ScriptCell.Role titleRole(String title) {
        Matcher m = ROLE_TITLE.matcher(title);
        if (m.matches()) {
            for (ScriptCell.Role role : List.of(ScriptCell.Role.PARAMETERS, ScriptCell.Role.INJECTED_PARAMETERS)) {
                if (role.tag().equals(m.group(1)) || (m.group(2) != null && m.group(2).contains("\"" + role.tag() + "\""))) {
                    return role;
                }
            }
        }
        return ScriptCell.Role.CODE;
    }

    private static void add(List<ScriptCell> cells, String source, int firstLine, ScriptCell.Role role) {
        if (source.isBlank()) {
            return;
        }
        // Leading blank lines do not count as the cell's first line.
        int skipped = 0;
        while (source.startsWith("\n")) {
            source = source.substring(1);
            skipped++;
        }
        cells.add(new ScriptCell(cells.size() + 1, firstLine + skipped, source.stripTrailing(), role));
    }

    /** Code cells of a notebook, numbered in order as a fresh kernel would count them. */
    static List<ScriptCell> notebook(Path file, String text) throws ScriptFileException {
        return codeCells(notebookJson(file, text).getAsJsonArray("cells"));
    }

    private static JsonObject notebookJson(Path file, String text) throws ScriptFileException {
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject() || !root.getAsJsonObject().has("cells")
                    || !root.getAsJsonObject().get("cells").isJsonArray()) {
                throw new ScriptFileException(file + ": not a Jupyter notebook (no \"cells\" list)");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ScriptFileException(file + ": not valid JSON: " + e.getMessage());
        }
    }

    /** A notebook's non-blank code cells, numbered from 1. */
    static List<ScriptCell> codeCells(JsonArray cells) {
        List<ScriptCell> result = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            if (!"code".equals(cell.has("cell_type") ? cell.get("cell_type").getAsString() : "")) {
                continue;
            }
            String source = source(cell.get("source"));
            if (!source.isBlank()) {
                result.add(new ScriptCell(result.size() + 1, 1, source, role(cell)));
            }
        }
        return result;
    }

    static ScriptCell.Role role(JsonObject cell) {
        JsonElement metadata = cell.get("metadata");
        JsonElement tags = metadata != null && metadata.isJsonObject() ? metadata.getAsJsonObject().get("tags") : null;
        if (tags != null && tags.isJsonArray()) {
            for (JsonElement t : tags.getAsJsonArray()) {
                for (ScriptCell.Role role : List.of(ScriptCell.Role.PARAMETERS, ScriptCell.Role.INJECTED_PARAMETERS)) {
                    if (t.isJsonPrimitive() && role.tag().equals(t.getAsString())) {
                        return role;
                    }
                }
            }
        }
        return ScriptCell.Role.CODE;
    }

    /** nbformat stores source as one string or as a list of lines. */
    private static String source(JsonElement source) {
        if (source == null || source.isJsonNull()) {
            return "";
        }
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
            return text.toString();
        }
        return source.getAsString();
    }
}
