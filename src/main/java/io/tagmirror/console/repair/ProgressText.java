package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.ProgressMeter;
import java.util.List;
import java.util.Locale;

/** The words a progress view shows for a snapshot: what is done, how fast, how long still. */
public final class ProgressText {

    private ProgressText() {
    }

    /** "1,234 of 5,678 blocks (21 %)", or "1,234 entries" when the total is unknown. */
    public static String done(ProgressMeter.Snapshot s) {
        if (s.phase().isEmpty()) {
            return "starting…";
        }
        String unit = unit(s);
        if (s.total() > 0) {
            return String.format(Locale.ROOT, "%,d of %,d %s (%.0f %%)", s.done(), s.total(), unit,
                    100.0 * s.done() / s.total());
        }
        return String.format(Locale.ROOT, "%,d %s", s.done(), unit);
    }

    /** "45.2 MB/s" for blocks of {@code blockSize} bytes, "12,345 entries/s" for entries. */
    public static String rate(ProgressMeter.Snapshot s, int blockSize) {
        if (s.phase().isEmpty() || s.perSecond() <= 0) {
            return "—";
        }
        if (unit(s).equals("entries")) {
            return String.format(Locale.ROOT, "%,.0f entries/s", s.perSecond());
        }
        return megabytes(s.perSecond() * blockSize);
    }

    /** Bytes per second in megabytes (10^6 bytes), as the replay and the command line show rates. */
    public static String megabytes(double bytesPerSecond) {
        double mb = bytesPerSecond / 1e6;
        return String.format(Locale.ROOT, mb >= 100 ? "%.0f MB/s" : mb >= 10 ? "%.1f MB/s" : "%.2f MB/s", mb);
    }

    /** "12 s left", "done", or "estimating…". */
    public static String eta(ProgressMeter.Snapshot s) {
        if (s.phase().isEmpty()) {
            return "—";
        }
        if (s.total() > 0 && s.done() >= s.total()) {
            return "done";
        }
        return s.etaText();
    }

    /** How many of the ranges a repair copies are fully done after {@code blocksDone} blocks. */
    public static int rangesDone(List<PlanRow> rows, long blocksDone) {
        long end = 0;
        int done = 0;
        for (PlanRow r : rows) {
            if (!r.copies()) {
                continue;
            }
            end += r.blockCount();
            if (end > blocksDone) {
                break;
            }
            done++;
        }
        return done;
    }

    /** "entries" or "blocks", from the engine's phase name. */
    static String unit(ProgressMeter.Snapshot s) {
        return s.phase().contains("entries") ? "entries" : "blocks";
    }
}
