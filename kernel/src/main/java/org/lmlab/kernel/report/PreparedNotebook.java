package org.lmlab.kernel.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.lmlab.kernel.script.NotebookParameters;
import org.lmlab.kernel.script.ParameterException;
import org.lmlab.kernel.script.ScriptCells;
import org.lmlab.kernel.script.ScriptFileException;

/**
 * A notebook with its {@code --param} values injected exactly as {@code lmlab run --param} injects
 * them, checked before any kernel starts.
 *
 * @param source   the notebook as named on the command line
 * @param name     the report's name: the file name without {@code .ipynb}
 * @param notebook the JSON to execute (the injected-parameters cell in place)
 */
public record PreparedNotebook(Path source, String name, JsonObject notebook) {

    /** Reads and injects; an unreadable notebook, unknown parameter or mistyped value is a {@link ReportInputException}. */
    public static PreparedNotebook prepare(Path notebook, Map<String, String> parameters) throws ReportInputException {
        String fileName = notebook.getFileName() == null ? "" : notebook.getFileName().toString();
        if (!fileName.endsWith(".ipynb")) {
            throw new ReportInputException(notebook + ": not a notebook; name a .ipynb file");
        }
        if (!Files.isRegularFile(notebook)) {
            throw new ReportInputException("no notebook at " + notebook.toAbsolutePath() + "; check the path");
        }
        try {
            JsonObject injected = NotebookParameters.inject(ScriptCells.readNotebook(notebook), parameters);
            return new PreparedNotebook(notebook.toAbsolutePath().normalize(),
                    fileName.substring(0, fileName.length() - ".ipynb".length()), injected);
        } catch (ScriptFileException | ParameterException e) {
            throw new ReportInputException(e.getMessage());
        }
    }

    /** The folder the notebook's cells run in: its own, so its relative paths resolve as in Jupyter. */
    public Path workingDirectory() {
        return source.getParent();
    }

    /** Writes the notebook to execute as {@code dir/NAME.ipynb} (nulls kept: nbformat requires execution_count). */
    public Path writeTo(Path dir) throws IOException {
        Path file = dir.resolve(name + ".ipynb");
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(notebook));
        return file;
    }
}
