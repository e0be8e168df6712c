package org.lmlab.kernel.protocol;

/** A frame sequence that is not a valid, correctly signed Jupyter message. */
public class MessageFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public MessageFormatException(String message) {
        super(message);
    }
}
