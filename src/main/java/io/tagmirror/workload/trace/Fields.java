package io.tagmirror.workload.trace;

import java.util.ArrayList;
import java.util.List;

/** Splitting trace lines into fields and reading their numbers, with messages fit for an administrator. */
final class Fields {
    private static final String[] NONE = new String[0];

    private Fields() {
    }

    /** The whitespace-separated fields of {@code line} (spaces and tabs; runs count as one). */
    static String[] split(String line) {
        List<String> fields = new ArrayList<>(8);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                fields.add(line.substring(start, i));
            }
        }
        return fields.toArray(NONE);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == 0x0B;
    }

    /** {@code token} as a whole number of zero or more; {@code what} names the field in the message. */
    static long nonNegative(String token, String what) throws MalformedLineException {
        if (!isDigits(token)) {
            if (token.startsWith("-") && isDigits(token.substring(1))) {
                throw new MalformedLineException(what + " is negative: " + token);
            }
            throw new MalformedLineException(what + " is not a whole number: '" + token + "'");
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new MalformedLineException(what + " is too large: " + token);
        }
    }

    /** {@code token} as a whole number of one or more. */
    static long positive(String token, String what) throws MalformedLineException {
        long value = nonNegative(token, what);
        if (value == 0) {
            throw new MalformedLineException(what + " is 0");
        }
        return value;
    }

    /** {@code a * b}, or a malformed-line failure naming {@code what} when it does not fit in a long. */
    static long multiply(long a, long b, String what) throws MalformedLineException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new MalformedLineException(what + " is too large: " + a);
        }
    }

    /** Whether {@code a + b} fits in a long, for offset + length checks. */
    static void checkEnd(long offset, long length) throws MalformedLineException {
        if (offset + length < 0) {
            throw new MalformedLineException("offset + length is past the largest supported size");
        }
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
