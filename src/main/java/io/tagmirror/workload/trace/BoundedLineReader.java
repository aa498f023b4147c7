package io.tagmirror.workload.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file line by line keeping at most {@link #MAX_LINE} characters of any line.
 *
 * <p>A plain {@code BufferedReader.readLine()} would pull a whole binary file (say a raw blktrace
 * dump given by mistake) into memory when it has no line breaks; this reader drops the excess and
 * says so, so the caller can report the line as malformed.
 */
final class BoundedLineReader implements Closeable {
    static final int MAX_LINE = 64 * 1024;

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private boolean truncated;

    private BoundedLineReader(Reader in) {
        this.in = in;
    }

    /** Opens {@code file} as UTF-8; undecodable bytes become replacement characters instead of failing. */
    static BoundedLineReader open(Path file) throws IOException {
        return new BoundedLineReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    }

    /** The next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}), or null at the end. */
    String readLine() throws IOException {
        line.setLength(0);
        truncated = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? line.toString() : null;
            }
            char c = buffer[position++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                skipLineFeed = true;
                return line.toString();
            }
            any = true;
            if (line.length() < MAX_LINE) {
                line.append(c);
            } else {
                truncated = true;
            }
        }
    }

    /** Whether the line last returned was longer than {@link #MAX_LINE} and was cut. */
    boolean lastLineTruncated() {
        return truncated;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
