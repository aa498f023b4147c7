package io.tagmirror.console.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.util.Locale;

/** One line per history entry, read from its figures: what a compare found, a repair copied, and so on. */
public final class HistorySummaries {

    private HistorySummaries() {
    }

    /** The summary of an entry of {@code kind} with {@code figures} (JSON); empty when they cannot be read. */
    public static String summarize(String kind, String figures) {
        JsonNode f;
        try {
            f = Json.MAPPER.readTree(figures == null ? "{}" : figures);
        } catch (IOException e) {
            return "";
        }
        if (f == null || !f.isObject()) {
            return "";
        }
        return switch (kind) {
            case "compare" -> compare(f);
            case "repair" -> repair(f);
            case "verify" -> verify(f);
            case "replay" -> replay(f);
            default -> "";
        };
    }

    private static String compare(JsonNode f) {
        int ranges = f.path("ranges").size();
        if (f.path("inSync").asBoolean(false)) {
            return "in sync; " + f.path("matchedEntries").asLong() + " matched entries";
        }
        String text = ranges + (ranges == 1 ? " range differs, " : " ranges differ, ")
                + ByteSize.format(f.path("bytesToCopy").asLong()) + " to copy";
        int conflicts = f.path("conflicts").asInt();
        return conflicts > 0 ? text + ", " + conflicts + (conflicts == 1 ? " conflict" : " conflicts") : text;
    }

    private static String repair(JsonNode top) {
        // The wizard's report nests the engine's repair figures; the command line records them bare.
        JsonNode f = top.path("repair").isObject() ? top.path("repair") : top;
        long bytes = f.has("bytesCopied") ? f.path("bytesCopied").asLong() : top.path("bytesCopied").asLong();
        String text = "copied " + ByteSize.format(bytes) + " in "
                + f.path("rangesCopied").asInt() + " ranges, deleted " + f.path("entriesDeleted").asLong() + " entries";
        int left = f.path("conflictsLeft").asInt();
        if (f.path("cancelled").asBoolean(false)) {
            text += "; cancelled";
        }
        return left > 0 ? text + "; " + left + (left == 1 ? " conflict left" : " conflicts left") : text;
    }

    private static String verify(JsonNode f) {
        long compared = f.path("blocksCompared").asLong();
        if (f.path("cancelled").asBoolean(false)) {
            return String.format(Locale.ROOT, "cancelled after %,d blocks", compared);
        }
        return f.path("identical").asBoolean(false)
                ? String.format(Locale.ROOT, "identical, %,d blocks compared", compared)
                : String.format(Locale.ROOT, "%,d of %,d blocks differ", f.path("differingBlocks").asLong(), compared);
    }

    private static String replay(JsonNode f) {
        int faults = f.path("faults").size();
        String text = String.format(Locale.ROOT, "%,d writes in %.1f s (%,.0f writes/s, %.1f MB/s)",
                f.path("writes").asLong(), f.path("seconds").asDouble(), f.path("rate").asDouble(),
                f.path("mbPerSecond").asDouble());
        if (faults > 0) {
            text += ", " + faults + (faults == 1 ? " fault" : " faults");
        }
        String after = f.path("stateAfter").asText("");
        return after.isEmpty() ? text : text + "; left " + after;
    }
}
