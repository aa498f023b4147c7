package io.tagmirror.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryVocabularyTest {

    @Test
    void storedWordsAreTheOnesEarlierHistoriesHold() {
        // These words are in catalogs written before the kinds were typed: they are the format.
        assertThat(HistoryKind.COMPARE.code()).isEqualTo("compare");
        assertThat(HistoryKind.RESET_TAGS.code()).isEqualTo("reset-tags");
        assertThat(Outcome.IN_SYNC.code()).isEqualTo("in-sync");
        assertThat(Outcome.CONFLICTS_LEFT.code()).isEqualTo("conflicts left");
        assertThat(Outcome.FAULTS_INJECTED.code()).isEqualTo("faults injected");
        for (HistoryKind k : HistoryKind.values()) {
            assertThat(HistoryKind.fromCode(k.code())).isEqualTo(k);
        }
        for (Outcome o : Outcome.values()) {
            assertThat(Outcome.fromCode(o.code())).isEqualTo(o);
        }
        assertThatThrownBy(() -> Outcome.fromCode("fine")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypedEntryReadsBackAsItsWords(@TempDir Path dir) throws Exception {
        try (Workspace ws = Workspace.open(Files.createDirectories(dir.resolve("ws")))) {
            ws.recordHistory(HistoryKind.REPAIR, "vol", Outcome.CONFLICTS_LEFT, Map.of("conflicts", 2));
            Workspace.HistoryEntry entry = ws.history(null, 1).get(0);
            assertThat(entry.kind()).isEqualTo("repair");
            assertThat(entry.result()).isEqualTo("conflicts left");
            assertThat(Outcome.fromCode(entry.result()).good()).isFalse();
        }
    }
}
