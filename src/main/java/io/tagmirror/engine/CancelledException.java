package io.tagmirror.engine;

/** A long operation stopped because it was asked to; what it left behind is consistent. */
public class CancelledException extends TagMirrorException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message);
    }
}
