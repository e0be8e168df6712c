package org.lmlab.kernel.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies {@code --param} overrides as papermill does: a cell right after the parameters cell
 * re-declares each overridden variable with its new value, so the defaults stay visible and the
 * run shows what it used. Every override is checked before any cell runs.
 */
public final class ParameterInjection {

    /** First line of the injected cell; papermill's translator writes the same comment. */
    public static final String HEADER = "// Parameters injected by lmlab run";

    private ParameterInjection() {
    }

    /**
     * @param cells     the file's cells
     * @param overrides NAME to TEXT, in the order given
     * @return the cells with the injected one after the parameters cell (numbered in order), or
     *         {@code cells} unchanged when there are no overrides
     */
    public static List<ScriptCell> inject(List<ScriptCell> cells, Map<String, String> overrides)
            throws ParameterException {
        if (overrides.isEmpty()) {
            return cells;
        }
        ScriptCell parametersCell = parametersCell(cells, overrides);
        String injected = injectedSource(parametersCell, overrides);
        List<ScriptCell> result = new ArrayList<>();
        for (ScriptCell cell : cells) {
            // An earlier run's injected cell (papermill's output) is replaced, as papermill does.
            if (cell.role() == ScriptCell.Role.INJECTED_PARAMETERS) {
                continue;
            }
            result.add(new ScriptCell(result.size() + 1, cell.firstLine(), cell.source(), cell.role()));
            if (cell == parametersCell) {
                result.add(new ScriptCell(result.size() + 1, cell.firstLine(), injected,
                        ScriptCell.Role.INJECTED_PARAMETERS));
            }
        }
        return result;
    }

    /** The first parameters cell; an error naming the overrides when there is none. */
    static ScriptCell parametersCell(List<ScriptCell> cells, Map<String, String> overrides) throws ParameterException {
        return cells.stream().filter(ScriptCell::parameters).findFirst()
                .orElseThrow(() -> new ParameterException("--param " + String.join(", ", overrides.keySet())
                        + ": the file has no parameters cell; tag the cell with the defaults `parameters`"
                        + " (in a notebook) or start it with a `// %% parameters` line (in a script)"));
    }

    /** The injected cell's code: the header, then one typed declaration per override. */
    static String injectedSource(ScriptCell parametersCell, Map<String, String> overrides) throws ParameterException {
        Map<String, ParameterDeclaration> declared = new LinkedHashMap<>();
        ParameterDeclaration.parse(parametersCell.source()).forEach(d -> declared.put(d.name(), d));
        StringBuilder injected = new StringBuilder(HEADER);
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            ParameterDeclaration declaration = declared.get(override.getKey());
            if (declaration == null) {
                throw new ParameterException("--param " + override.getKey() + ": no such parameter; the parameters"
                        + " cell (cell " + parametersCell.number() + ") declares "
                        + (declared.isEmpty() ? "none as TYPE NAME = VALUE;"
                                : declared.keySet().stream().collect(Collectors.joining(", "))));
            }
            injected.append('\n').append(ParameterValue.declaration(declaration, override.getValue()));
        }
        return injected.toString();
    }
}
