package io.tagmirror.console.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.workflow.WorkflowFixture;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryViewModelTest {

    @TempDir
    Path tmp;

    private WorkflowFixture f;
    private HistoryViewModel history;

    @BeforeEach
    void setUp() throws Exception {
        f = WorkflowFixture.create(tmp);
        var ws = f.workspace();
        ws.recordHistory(HistoryKind.REPLAY, "lab", Outcome.CRASHED, Map.of("writes", 300, "seconds", 0.5, "rate", 600.0,
                "mbPerSecond", 2.5, "faults", List.of(Map.of("kind", "crash")), "stateAfter", "diverged"));
        ws.recordHistory(HistoryKind.COMPARE, "lab", Outcome.DIVERGED, Map.of("ranges", List.of(Map.of(), Map.of()),
                "bytesToCopy", 8192, "conflicts", 0));
        ws.recordHistory(HistoryKind.REPAIR, "lab", Outcome.REPAIRED, Map.of("bytesCopied", 8192,
                "repair", Map.of("rangesCopied", 2, "entriesDeleted", 40, "conflictsLeft", 0)));
        ws.recordHistory(HistoryKind.VERIFY, "other", Outcome.IDENTICAL, Map.of("identical", true, "blocksCompared", 4096));
        history = new HistoryViewModel(f.access, new DirectTaskRunner());
        history.reload();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void listsEveryEntryNewestFirstWithASummaryOfItsFigures() {
        assertThat(history.shown()).extracting(HistoryRow::kind).containsExactly("verify", "repair", "compare", "replay");
        assertThat(history.shown()).extracting(HistoryRow::summary).containsExactly(
                "identical, 4,096 blocks compared",
                "copied 8.00 KiB in 2 ranges, deleted 40 entries",
                "2 ranges differ, 8.00 KiB to copy",
                "300 writes in 0.5 s (600 writes/s, 2.5 MB/s), 1 fault; left diverged");
        assertThat(history.mirrors()).containsExactly(HistoryViewModel.ALL, "lab", "other");
        assertThat(history.countProperty().get()).isEqualTo("4 entries");
    }

    @Test
    void filtersByKindMirrorAndText() {
        history.kindProperty().set("repair");
        assertThat(history.shown()).extracting(HistoryRow::kind).containsExactly("repair");
        history.kindProperty().set(HistoryViewModel.ALL);
        history.mirrorProperty().set("other");
        assertThat(history.shown()).extracting(HistoryRow::kind).containsExactly("verify");
        history.mirrorProperty().set(HistoryViewModel.ALL);
        history.searchProperty().set("CRASHED");
        assertThat(history.shown()).extracting(HistoryRow::kind).containsExactly("replay");
        assertThat(history.countProperty().get()).isEqualTo("1 of 4 entries");
    }

    @Test
    void opensAReportAndExportsTheShownEntriesAsJsonAndCsv() throws Exception {
        history.selectedProperty().set(history.shown().get(1));
        assertThat(history.selectedFiguresProperty().get()).contains("\"bytesCopied\" : 8192");

        history.kindProperty().set("repair");
        Path json = tmp.resolve("history.json");
        history.exportJson(json);
        var tree = Json.MAPPER.readTree(Files.readString(json));
        assertThat(tree.path("history")).hasSize(1);
        assertThat(tree.path("history").get(0).path("figures").path("bytesCopied").asLong()).isEqualTo(8192);

        history.kindProperty().set(HistoryViewModel.ALL);
        Path csv = tmp.resolve("history.csv");
        history.exportCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(HistoryExport.CSV_HEADER);
        assertThat(lines.get(2)).contains(",repair,lab,repaired,\"copied 8.00 KiB in 2 ranges, deleted 40 entries\",");
        assertThat(history.statusProperty().get()).contains("4 entries saved");

        Path one = tmp.resolve("one.json");
        history.exportSelected(one);
        assertThat(Json.MAPPER.readTree(Files.readString(one)).path("kind").asText()).isEqualTo("repair");
    }

    @Test
    void keepsTheSelectionAcrossAReload() throws Exception {
        HistoryRow repair = history.shown().get(1);
        history.selectedProperty().set(repair);
        f.workspace().recordHistory(HistoryKind.COMPARE, "lab", Outcome.IN_SYNC, Map.of("inSync", true, "matchedEntries", 0));
        history.reload();
        assertThat(history.rows()).hasSize(5);
        assertThat(history.selectedProperty().get().id()).isEqualTo(repair.id());
    }
}
