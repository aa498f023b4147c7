package io.tagmirror.engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and prints byte sizes the way administrators write them: 4096, 64MiB, 1G, 512k. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgtp]?)(i?b?)", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /** Parses a size; units are powers of 1024 (k, M, G, T, P with optional "iB" or "B"). */
    public static long parse(String text) throws TagMirrorException {
        if (text == null) {
            throw new TagMirrorException("a size is needed, e.g. 64MiB");
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new TagMirrorException("'" + text + "' is not a size: use a number of bytes or a unit, e.g. 4096, 64MiB, 1G");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> 0;
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 50;
        };
        if (!m.group(2).isEmpty() || m.group(3).isEmpty() || m.group(3).equalsIgnoreCase("b")) {
            try {
                long value = Long.parseLong(m.group(1));
                if (value > (Long.MAX_VALUE >> shift)) {
                    throw new TagMirrorException("size " + text + " is too large");
                }
                return value << shift;
            } catch (NumberFormatException e) {
                throw new TagMirrorException("size " + text + " is too large");
            }
        }
        throw new TagMirrorException("'" + text + "' is not a size: use a number of bytes or a unit, e.g. 4096, 64MiB, 1G");
    }

    /** Prints a size with a binary unit and one decimal, e.g. 1.5 GiB. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 || value == Math.floor(value) ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }
}
