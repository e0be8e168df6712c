package org.lmlab.magics.extrapolate;

import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.model.ModelMagic;
import org.lmlab.model.extrapolation.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code %extrapolate methods}: every method with its parameters, defaults and source. */
@Command(name = "methods", description = "List every extrapolation method %%extrapolate use accepts, with its "
        + "parameters, defaults and source (paper, code).")
final class MethodsCommand implements MagicCommand {

    @Mixin
    HelpOption help;

    @Override
    public Object run(MagicCall call, MagicContext context) {
        StringBuilder out = new StringBuilder();
        for (MethodCatalog.Method m : MethodCatalog.all()) {
            out.append(m.name()).append(" (").append(m.family()).append("): ").append(m.summary());
            if (!m.source().isEmpty()) {
                out.append(" [").append(m.source()).append(']');
            }
            out.append('\n');
            boolean scaling = m.family().equals("rope scaling");
            for (MethodCatalog.Parameter p : m.parameters()) {
                String option = scaling ? optionFor(m.name(), p.option()) : p.option();
                if (option != null) {
                    out.append(String.format("    %-22s %s%s%n", option, p.meaning(),
                            scaling ? "" : " (default: " + p.defaultValue() + ")"));
                }
            }
        }
        return ModelMagic.text(out.toString());
    }

    /**
     * The %extrapolate option that sets {@code key} of {@code method}; the key in quotes when only
     * --rope-scaling JSON sets it; null for a key that is accepted and ignored.
     */
    private static String optionFor(String method, String key) {
        if (key.equals("finetuned")) {
            return null;
        }
        return Methods.options(method).stream().filter(o -> Methods.KEYS.get(o).equals(key)).findFirst()
                .orElse("\"" + key + "\" (JSON)");
    }
}
