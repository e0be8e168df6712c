package org.lmlab.model.gguf;

/** A GGUF file that cannot be read: not GGUF, truncated, or holding something lmlab does not support. */
public class GgufException extends RuntimeException {

    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
