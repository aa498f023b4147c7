package io.tagmirror.console.history;

import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes history rows as JSON (figures included as objects) or as CSV (one line per entry, RFC 4180). */
public final class HistoryExport {

    static final String CSV_HEADER = "id,time,kind,mirror,result,summary,figures";

    private HistoryExport() {
    }

    /** {@code {"history": [...]}} with each row's figures as a JSON object. */
    public static String json(List<HistoryRow> rows) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HistoryRow r : rows) {
            out.add(map(r));
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("history", out));
    }

    /** One entry as the JSON export shapes it. */
    public static Map<String, Object> map(HistoryRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("time", r.time());
        m.put("kind", r.kind());
        m.put("mirror", r.mirror());
        m.put("result", r.result());
        m.put("summary", r.summary());
        m.put("figures", r.figuresTree());
        return m;
    }

    /** A header line and one line per row; the figures in the last column as compact JSON. */
    public static String csv(List<HistoryRow> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (HistoryRow r : rows) {
            out.append(r.id()).append(',').append(field(r.time())).append(',').append(field(r.kind())).append(',')
                    .append(field(r.mirror())).append(',').append(field(r.result())).append(',')
                    .append(field(r.summary())).append(',').append(field(r.figures())).append("\r\n");
        }
        return out.toString();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break, and guarded against formulas. */
    static String field(String value) {
        String v = value == null ? "" : value;
        // A spreadsheet runs a cell starting with = + - @ as a formula; a leading quote keeps it text.
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
