package io.tagmirror.console.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.workspace.HistorySummaries;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of the workspace's history as the history screen lists it: a compare, repair, verify or
 * replay, with its result, a one-line summary of its figures and the figures themselves.
 *
 * @param id the catalog's id, increasing with time
 * @param time when it was recorded, as the catalog stores it (ISO-8601, UTC)
 * @param kind compare, repair, verify or replay
 * @param mirror the mirror's name
 * @param result one word or phrase, e.g. "repaired"
 * @param summary the figures in one line, e.g. "copied 1.2 MiB in 12 ranges"
 * @param figures the figures as JSON
 */
public record HistoryRow(long id, String time, String kind, String mirror, String result, String summary,
                         String figures) {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    public HistoryRow {
        Objects.requireNonNull(kind, "kind");
        mirror = mirror == null ? "" : mirror;
        result = result == null ? "" : result;
        figures = figures == null ? "{}" : figures;
    }

    /** The row of a catalog entry, its summary read from the figures. */
    public static HistoryRow of(Workspace.HistoryEntry entry) {
        return new HistoryRow(entry.id(), entry.time(), entry.kind(), entry.mirror(), entry.result(),
                HistorySummaries.summarize(entry.kind(), entry.figures(), ByteSize::format), entry.figures());
    }

    /** The time in this machine's zone, e.g. "2024-06-01 14:03:22"; the stored text when it cannot be read. */
    public String localTime() {
        return localTime(ZoneId.systemDefault());
    }

    String localTime(ZoneId zone) {
        try {
            return LOCAL.format(Instant.parse(time).atZone(zone));
        } catch (DateTimeParseException e) {
            return time;
        }
    }

    /** The figures as a JSON tree; an empty object when they cannot be read. */
    public JsonNode figuresTree() {
        try {
            return Json.MAPPER.readTree(figures);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** The figures, indented for reading. */
    public String prettyFigures() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(figuresTree());
        } catch (IOException e) {
            return figures;
        }
    }

    /** Whether the result is good news: in sync, repaired, identical, done. */
    public boolean good() {
        String r = result.toLowerCase(Locale.ROOT);
        return r.equals("in-sync") || r.equals("repaired") || r.equals("identical") || r.equals("done");
    }
}
