package org.lmlab.magics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A magic declared as a picocli {@code @Command} class. The annotations are the single source of
 * its name, summary, {@code --help}, usage on bad arguments and option completion. A fresh command
 * object is made for every call, so no state leaks from one call to the next.
 */
public final class CommandMagic implements Magic {

    private final Supplier<?> factory;
    private final Set<MagicKind> kinds;
    private final CommandSpec spec;

    private CommandMagic(Supplier<?> factory, Set<MagicKind> kinds) {
        this.factory = factory;
        this.kinds = kinds;
        this.spec = new CommandLine(factory.get()).getCommandSpec();
    }

    public static CommandMagic line(Supplier<?> factory) {
        return new CommandMagic(factory, EnumSet.of(MagicKind.LINE));
    }

    public static CommandMagic cell(Supplier<?> factory) {
        return new CommandMagic(factory, EnumSet.of(MagicKind.CELL));
    }

    public static CommandMagic lineAndCell(Supplier<?> factory) {
        return new CommandMagic(factory, EnumSet.allOf(MagicKind.class));
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String summary() {
        String[] description = spec.usageMessage().description();
        // picocli descriptions are format strings ("%%" for a percent sign).
        return description.length == 0 ? "" : String.format(Locale.ROOT, description[0]);
    }

    @Override
    public boolean supports(MagicKind kind) {
        return kinds.contains(kind);
    }

    @Override
    public String help() {
        CommandLine commandLine = newCommandLine();
        StringBuilder help = new StringBuilder(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            help.append('\n').append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        return help.toString();
    }

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        CommandLine commandLine = newCommandLine();
        CommandLine.ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(call.args().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new MagicUsageException(call.typed() + ": " + e.getMessage(),
                    e.getCommandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        List<CommandLine> chain = parsed.asCommandLineList();
        for (CommandLine level : chain) {
            if (level.isUsageHelpRequested()) {
                return new HelpText(level.getUsageMessage(CommandLine.Help.Ansi.OFF));
            }
        }
        CommandLine target = chain.get(chain.size() - 1);
        if (!(target.getCommand() instanceof MagicCommand command)) {
            throw new MagicUsageException(call.typed() + ": missing subcommand, one of "
                    + String.join(", ", target.getSubcommands().keySet()),
                    target.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        recordCall(call, context, target);
        return command.run(call, context);
    }

    /** Tells the session's provenance what runs now, with the seed it uses (given or the default). */
    private static void recordCall(MagicCall call, MagicContext context, CommandLine target) {
        context.provenance().begin(call.typed());
        CommandLine.Model.OptionSpec seed = target.getCommandSpec().findOption("--seed");
        if (seed != null && seed.getValue() instanceof Number value) {
            context.provenance().seed(target.getCommandSpec().qualifiedName() + " --seed", // "%lengths compare"
                    value.longValue());
        }
    }

    @Override
    public List<String> complete(String wordPrefix) {
        List<String> words = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            for (String name : option.names()) {
                if (name.startsWith("--") && name.startsWith(wordPrefix)) {
                    words.add(name);
                }
            }
        }
        for (String sub : spec.subcommands().keySet()) {
            if (sub.startsWith(wordPrefix)) {
                words.add(sub);
            }
        }
        return words;
    }

    private CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(factory.get());
        // Usage lines read as typed in a cell: "%maven ...", "%%sql ...".
        String name = commandLine.getCommandName();
        commandLine.setCommandName((kinds.contains(MagicKind.LINE) ? "%" : "%%") + name);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(100);
        return commandLine;
    }
}
