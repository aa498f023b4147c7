package io.tagmirror.console.ui;

import java.util.Locale;

/** Formats byte counts for people, in binary units: 512 B, 1.5 KiB, 931.5 GiB, 3.64 TiB. */
public final class ByteSize {

    /** Shown where a size could not be read. */
    public static final String UNKNOWN = "—";

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {
    }

    /** {@code bytes} in the largest unit that keeps the number at or above 1; negative means unknown. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return UNKNOWN;
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        // Three significant digits read well in a column: 3.64 TiB, 45.2 GiB, 931 GiB.
        String pattern = value >= 100 ? "%.0f %s" : value >= 10 ? "%.1f %s" : "%.2f %s";
        String text = String.format(Locale.ROOT, pattern, value, UNITS[unit]);
        // Rounding can reach 1024 (1023.7 → "1024 MiB"); say the next unit instead.
        if (text.startsWith("1024 ") && unit < UNITS.length - 1) {
            return "1.00 " + UNITS[unit + 1];
        }
        return text;
    }

    /** A fraction 0..1 as a whole percentage, e.g. "87%"; negative means unknown. */
    public static String percent(double fraction) {
        if (fraction < 0 || Double.isNaN(fraction)) {
            return UNKNOWN;
        }
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
