package io.tagmirror.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.Plural;
import java.io.IOException;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * One line per history entry, read from its figures: what a compare found, a repair copied, an
 * import brought in, and so on. The console's history screen and the command line's {@code history}
 * both print these lines.
 */
public final class HistorySummaries {

    private HistorySummaries() {
    }

    /** The summary of an entry of {@code kind} with {@code figures} (JSON); empty when they cannot be read. */
    public static String summarize(String kind, String figures) {
        return summarize(kind, figures, ByteSize::format);
    }

    /** The same, with sizes written by {@code sizes} (the console writes them to three digits). */
    public static String summarize(String kind, String figures, LongFunction<String> sizes) {
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
            case "compare" -> compare(f, sizes);
            case "repair" -> repair(f, sizes);
            case "verify" -> verify(f);
            case "scrub" -> scrub(f, sizes);
            case "replay" -> replay(f);
            case "import" -> importing(f);
            case "replace" -> replace(f, sizes);
            case "reset-tags" -> resetTags(f);
            default -> "";
        };
    }

    private static String compare(JsonNode f, LongFunction<String> sizes) {
        int ranges = f.path("ranges").size();
        if (f.path("inSync").asBoolean(false)) {
            return "in sync; " + Plural.of(f.path("matchedEntries").asLong(), "matched entry", "matched entries");
        }
        String text = ranges + (ranges == 1 ? " range differs, " : " ranges differ, ")
                + sizes.apply(f.path("bytesToCopy").asLong()) + " to copy";
        String toDecide = Reports.toDecide(f.path("conflicts").asInt(), f.path("tornNewest").asInt());
        return toDecide.isEmpty() ? text : text + ", " + toDecide;
    }

    private static String repair(JsonNode top, LongFunction<String> sizes) {
        // The wizard's report nests the engine's repair figures; the command line records them bare.
        JsonNode f = top.path("repair").isObject() ? top.path("repair") : top;
        long bytes = f.has("bytesCopied") ? f.path("bytesCopied").asLong() : top.path("bytesCopied").asLong();
        String text = "copied " + sizes.apply(bytes) + " in " + Plural.of(f.path("rangesCopied").asInt(), "range", "ranges")
                + ", deleted " + Plural.of(f.path("entriesDeleted").asLong(), "entry", "entries");
        String left = Reports.toDecide(f.path("conflictsLeft").asInt(), f.path("tornNewestLeft").asInt());
        if (f.path("cancelled").asBoolean(false)) {
            text += "; cancelled";
        }
        return left.isEmpty() ? text : text + "; " + left + " left";
    }

    private static String verify(JsonNode f) {
        long compared = f.path("blocksCompared").asLong();
        if (f.path("cancelled").asBoolean(false)) {
            return String.format(Locale.ROOT, "cancelled after %,d %s", compared, compared == 1 ? "block" : "blocks");
        }
        if (f.path("identical").asBoolean(false)) {
            return String.format(Locale.ROOT, "identical, %,d %s compared", compared, compared == 1 ? "block" : "blocks");
        }
        long differing = f.path("differingBlocks").asLong();
        return String.format(Locale.ROOT, "%,d of %,d %s %s", differing, compared, compared == 1 ? "block" : "blocks",
                differing == 1 ? "differs" : "differ");
    }

    private static String scrub(JsonNode f, LongFunction<String> sizes) {
        long copied = f.path("blocksCopied").asLong();
        String text = String.format(Locale.ROOT, "copied %,d of %,d %s (%s) from %s", copied,
                f.path("blocksCompared").asLong(), f.path("blocksCompared").asLong() == 1 ? "block" : "blocks",
                sizes.apply(f.path("bytesCopied").asLong()), f.path("source").asText("?"));
        return f.path("cancelled").asBoolean(false) ? text + "; cancelled" : text;
    }

    private static String replay(JsonNode f) {
        int faults = f.path("faults").size();
        long writes = f.path("writes").asLong();
        String text = String.format(Locale.ROOT, "%,d %s in %.1f s (%,.0f writes/s, %.1f MB/s)",
                writes, writes == 1 ? "write" : "writes", f.path("seconds").asDouble(), f.path("rate").asDouble(),
                f.path("mbPerSecond").asDouble());
        if (faults > 0) {
            text += ", " + Plural.of(faults, "fault", "faults");
        }
        String after = f.path("stateAfter").asText("");
        return after.isEmpty() ? text : text + "; left " + after;
    }

    private static String importing(JsonNode f) {
        int found = f.path("devices").size();
        int missing = f.path("missing").size();
        String text = found + " of " + Plural.of(found + missing, "device", "devices") + " found, from "
                + f.path("from").asText("?");
        return missing > 0 ? text + "; " + missing + " missing" : text;
    }

    private static String replace(JsonNode f, LongFunction<String> sizes) {
        return f.path("replaced").asText("?") + " replaced by " + f.path("by").asText("?") + "; copied "
                + sizes.apply(f.path("bytesCopied").asLong()) + " onto it";
    }

    private static String resetTags(JsonNode f) {
        return "new empty tag table on " + f.path("path").asText(f.path("device").asText("?"))
                + "; the mirror needs a scrub";
    }
}
