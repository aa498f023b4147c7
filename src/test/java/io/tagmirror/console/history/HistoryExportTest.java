package io.tagmirror.console.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.workspace.HistorySummaries;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryExportTest {

    @Test
    void quotesFieldsWithCommasQuotesAndLineBreaks() {
        assertThat(HistoryExport.field("plain")).isEqualTo("plain");
        assertThat(HistoryExport.field("a, b")).isEqualTo("\"a, b\"");
        assertThat(HistoryExport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(HistoryExport.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(HistoryExport.field(null)).isEmpty();
    }

    @Test
    void aCellThatASpreadsheetWouldRunAsAFormulaStaysText() {
        assertThat(HistoryExport.field("=HYPERLINK(\"x\")")).startsWith("\"'=HYPERLINK");
        assertThat(HistoryExport.field("-5")).isEqualTo("'-5");
    }

    @Test
    void writesOneLinePerEntryWithTheFiguresAsJson() {
        HistoryRow row = new HistoryRow(7, "2024-06-01T12:00:00Z", "verify", "lab", "identical", "identical, 10 blocks",
                "{\"identical\":true}");
        assertThat(HistoryExport.csv(List.of(row))).isEqualTo(HistoryExport.CSV_HEADER + "\r\n"
                + "7,2024-06-01T12:00:00Z,verify,lab,identical,\"identical, 10 blocks\",\"{\"\"identical\"\":true}\"\r\n");
        assertThat(row.localTime(ZoneOffset.ofHours(2))).isEqualTo("2024-06-01 14:00:00");
        assertThat(row.good()).isTrue();
    }

    @Test
    void summarisesTheCommandLinesRepairFiguresToo() {
        assertThat(HistorySummaries.summarize("repair", "{\"bytesCopied\":4096,\"rangesCopied\":1,"
                + "\"entriesDeleted\":3,\"conflictsLeft\":1,\"cancelled\":false}", ByteSize::format))
                .isEqualTo("copied 4.00 KiB in 1 range, deleted 3 entries; 1 conflict left");
        assertThat(HistorySummaries.summarize("verify", "{\"identical\":false,\"differingBlocks\":3,"
                + "\"blocksCompared\":100}")).isEqualTo("3 of 100 blocks differ");
        assertThat(HistorySummaries.summarize("compare", "not json")).isEmpty();
    }
}
