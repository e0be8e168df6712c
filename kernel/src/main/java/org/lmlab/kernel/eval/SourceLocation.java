package org.lmlab.kernel.eval;

/** Where a snippet came from: cell number (execution count) and the cell line of its line 1. */
record SourceLocation(int cell, int firstLine) {

    String at(int snippetLine) {
        return "Cell In[" + cell + "], line " + (firstLine + snippetLine - 1);
    }
}
