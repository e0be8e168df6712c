package org.lmlab.magics.core;

import org.lmlab.magics.HelpOption;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicCommand;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.model.ModelMagic;
import org.lmlab.provenance.Provenance;
import org.lmlab.table.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code %provenance [TABLE]}: the session's provenance record, or the one a table carries. */
@Command(name = "provenance", description = {"Show the session's provenance (lmlab version and commit, Java and "
        + "library versions, dataset and model file SHA-256, extrapolation method, seeds, parameters, times, machine) "
        + "as JSON: the record every result table of a magic carries as Arrow schema metadata 'lmlab.provenance'.",
        "With TABLE: the record that named table carries."})
public final class ProvenanceMagic implements MagicCommand {

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "TABLE", description = "A named table whose record to show.")
    String table;

    @Override
    public Object run(MagicCall call, MagicContext context) throws Exception {
        if (table == null) {
            return ModelMagic.text(context.provenance().snapshot(context.progress()).toPrettyJson());
        }
        if (!context.tables().contains(table)) {
            throw new MagicFailure("no table named '" + table + "'; tables: " + context.tables().names(), null);
        }
        Table named = context.tables().get(table);
        String json = named.metadata().get(Provenance.METADATA_KEY);
        if (json == null) {
            return ModelMagic.text("table '" + table + "' carries no provenance record (it was not made by a magic,"
                    + " or was read from a file saved without one)");
        }
        return ModelMagic.text(Provenance.fromJson(json).toPrettyJson());
    }
}
