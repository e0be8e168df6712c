package org.lmlab.kernel.eval;

import java.util.List;

/**
 * A cell that failed: compile error, exception, or interrupt. Carries the parts of a Jupyter
 * error message; the traceback shows user frames as "Cell In[n], line k".
 */
public final class CellError extends Exception {

    private static final long serialVersionUID = 1L;
    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public CellError(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
