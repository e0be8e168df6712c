package org.lmlab.display;

/** Reads a line typed by the user: the kernel asks the front end (input_request), the CLI a terminal. */
public interface InputSource {

    /**
     * @param prompt   shown before the input field
     * @param password true to hide what is typed
     * @return the line typed, without its line terminator
     * @throws UnsupportedOperationException when the front end cannot take input
     */
    String readLine(String prompt, boolean password);

    InputSource NONE = (prompt, password) -> {
        throw new UnsupportedOperationException("this front end does not accept input (allow_stdin is false)");
    };
}
