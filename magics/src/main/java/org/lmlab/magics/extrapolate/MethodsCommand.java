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
            for (MethodCatalog.Parameter p : m.parameters()) {
                String option = m.family().equals("rope scaling") ? optionFor(p.option()) : p.option();
                out.append(String.format("    %-22s %s%s%n", option,
                        p.meaning(), p.defaultValue().equals("see transformers") ? "" : " (default: " + p.defaultValue() + ")"));
            }
        }
        return ModelMagic.text(out.toString());
    }

    /** The %extrapolate option for a config.json key. */
    private static String optionFor(String key) {
        return Methods.KEYS.entrySet().stream().filter(e -> e.getValue().equals(key)).map(java.util.Map.Entry::getKey)
                .findFirst().orElse(key);
    }
}
