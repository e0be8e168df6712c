package org.lmlab.table.sql;

import java.util.List;
import org.lmlab.table.Table;

/**
 * The outcome of a SQL cell: the effects of its statements in order, and the rows of its final
 * query (null when it ends with a statement that returns none). The caller owns {@code result}.
 */
public record SqlRun(List<SqlEffect> effects, Table result) {

    public SqlRun {
        effects = List.copyOf(effects);
    }
}
