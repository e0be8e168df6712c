package org.lmlab.scaling.vocab;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/** The runs a vocabulary law is fitted to. */
public record VocabData(List<VocabRun> runs) {

    /** Column names of a table of vocabulary runs. */
    public record Columns(String nonVocabParams, String vocabSize, String embedDim, String tokens, String lossU) {

        /** {@code non_vocab_params, vocab_size, embed_dim, tokens, loss_u} (the bundled data's names). */
        public static Columns defaults() {
            return new Columns("non_vocab_params", "vocab_size", "embed_dim", "tokens", "loss_u");
        }

        List<String> all() {
            return List.of(nonVocabParams, vocabSize, embedDim, tokens, lossU);
        }
    }

    public VocabData {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("no runs given");
        }
        runs = List.copyOf(runs);
    }

    /**
     * Reads runs from a table's numeric columns.
     *
     * @throws IllegalArgumentException naming a missing column, or the row and column of a bad value
     */
    public static VocabData fromTable(Table table, Columns columns) {
        try {
            TableColumns.requireAll(table, null, columns.all());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; name the columns of N_nv, V, d, D and L_u", e);
        }
        List<VocabRun> runs = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            try {
                runs.add(new VocabRun(table.number(columns.nonVocabParams(), row), table.number(columns.vocabSize(), row),
                        table.number(columns.embedDim(), row), table.number(columns.tokens(), row),
                        table.number(columns.lossU(), row)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + row + ": " + e.getMessage(), e);
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("the table has no rows");
        }
        return new VocabData(runs);
    }


    public int size() {
        return runs.size();
    }

    /** The runs at {@code rows} (in that order). */
    public VocabData subset(int[] rows) {
        List<VocabRun> picked = new ArrayList<>(rows.length);
        for (int r : rows) {
            picked.add(runs.get(r));
        }
        return new VocabData(picked);
    }
}
