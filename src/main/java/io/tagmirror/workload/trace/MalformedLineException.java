package io.tagmirror.workload.trace;

/**
 * Says what is wrong with one trace line; the reader adds the file, line number and text.
 *
 * <p>It carries no stack trace because, when skipping malformed lines, a bad trace can raise
 * millions of them.
 */
final class MalformedLineException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
