package org.lmlab.kernel.script;

import java.util.List;

/**
 * One output of a command-line run, in the terms of a notebook's outputs.
 *
 * @param cell      the cell number
 * @param kind      "result" (the cell's value), "display", "update" or "error"
 * @param mimeTypes the MIME types shown (empty for errors)
 * @param text      the text/plain form (the error name for errors)
 */
public record ScriptOutput(int cell, String kind, List<String> mimeTypes, String text) {
}
