package io.tagmirror.engine;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and prints byte sizes the way administrators write them: 4096, 4k, 64MiB, 1GiB. The one
 * parser of every size, offset and length TagMirror reads, on the command line and in the console.
 *
 * <p>Units are powers of 1024: {@code k}, {@code M}, {@code G}, {@code T}, {@code P}, {@code E}, each
 * alone or followed by {@code iB} (any case). {@code kB}, {@code MB}, {@code GB} ... are refused: GNU
 * dd and truncate read {@code 1GB} as 10^9 bytes, fio by default as 2^30, so either reading would
 * surprise someone, and a size that is silently 7 % off is worse than a question.
 */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgtpe])(i?)(b?)|(b?))", Pattern.CASE_INSENSITIVE);
    private static final String EXAMPLES = "e.g. 4096, 4k, 64MiB, 1GiB";

    private ByteSize() {
    }

    /** Parses a size; refuses anything else with a message that shows how to write one. */
    public static long parse(String text) throws TagMirrorException {
        if (text == null || text.isBlank()) {
            throw new TagMirrorException("a size is needed, " + EXAMPLES);
        }
        String trimmed = text.trim();
        Matcher m = SIZE.matcher(trimmed);
        if (!m.matches()) {
            throw new TagMirrorException("'" + trimmed + "' is not a size: write a number of bytes or a number with a"
                    + " unit, " + EXAMPLES);
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : 10 * ("kmgtpe".indexOf(unit) + 1);
        if (!unit.isEmpty() && m.group(3).isEmpty() && !m.group(4).isEmpty()) {
            throw ambiguous(trimmed, m.group(1), unit, shift);
        }
        BigInteger value = new BigInteger(m.group(1)).shiftLeft(shift);
        if (value.bitLength() > 63) {
            throw new TagMirrorException("size " + trimmed + " is too large (at most 8 EiB)");
        }
        return value.longValue();
    }

    private static TagMirrorException ambiguous(String text, String digits, String unit, int shift) {
        String binary = unit.toUpperCase(Locale.ROOT) + "iB";
        String decimalUnit = (unit.equals("k") ? "k" : unit.toUpperCase(Locale.ROOT)) + "B";
        BigInteger decimal = new BigInteger(digits).multiply(BigInteger.TEN.pow(shift / 10 * 3));
        return new TagMirrorException("'" + text + "' is ambiguous (10^" + (shift / 10 * 3) + " or 2^" + shift
                + " bytes per " + decimalUnit + "): write " + digits + binary + " for powers of 1024"
                + (decimal.bitLength() <= 63 ? ", or " + decimal + " bytes" : ""));
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
