package org.lmlab.magics.lengths;

import java.util.List;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableMagic;
import org.lmlab.table.Table;

/** The named table of a {@code %lengths} subcommand, checked for the columns its arguments name. */
final class LengthsTables {

    private LengthsTables() {
    }

    /** The named table ({@link TableMagic#lookup}) after checking that it has {@code columns}. */
    static Table open(MagicContext context, String name, String usage, List<String> columns) throws Exception {
        Table table = TableMagic.lookup(context, name);
        for (String c : columns) {
            if (!table.columnNames().contains(c)) {
                throw new MagicUsageException("table '" + name + "' has no column '" + c + "'; columns: "
                        + table.columnNames(), usage);
            }
        }
        return table;
    }
}
