package io.tagmirror.engine;

import java.io.IOException;

/**
 * A failure an administrator can cause or must act on, with a message written for them.
 *
 * <p>It is an {@link IOException} because nearly every such failure is met while touching a drive;
 * the command line and the console show {@link #getMessage()} and never a stack trace.
 */
public class TagMirrorException extends IOException {
    private static final long serialVersionUID = 1L;

    public TagMirrorException(String message) {
        super(message);
    }

    public TagMirrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
