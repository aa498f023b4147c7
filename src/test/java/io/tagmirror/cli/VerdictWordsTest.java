package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.repair.PlanText;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workspace.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One verdict, one word: the same in the command line's text and JSON, the console and the user guide. */
class VerdictWordsTest {
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Map<UUID, String> WHERE = Map.of(A, "/mnt/a/tm", B, "/mnt/b/tm");

    private static CompareReport reportOf(DiffRange range) {
        return new CompareReport("vol", UUID.randomUUID(), 4096, List.of(A, B), List.of(range), Map.of(A, 2L, B, 1L),
                0, 1, 0, 0.1, 0, Map.of(A, 1L, B, 1L));
    }

    private static DiffRange range(Verdict v) {
        List<ConflictSide> sides = v.needsDecision()
                ? List.of(new ConflictSide(A, List.of(new Tag(2, 197), new Tag(2, 97)), null),
                        new ConflictSide(B, List.of(new Tag(1, 5)), new Tag(1, 5)))
                : List.of();
        return new DiffRange("obj", 0, 1, v, A, List.of(B), new Tag(2, 197), !v.needsDecision(), sides);
    }

    @Test
    void theCommandLineTheJsonAndTheConsoleUseOneWordPerVerdict() {
        assertThat(PlanText.verdict(Verdict.COPY)).isEqualTo("+  copy");
        for (Verdict v : Verdict.values()) {
            if (v == Verdict.IN_SYNC) {
                continue;
            }
            CompareReport report = reportOf(range(v));
            String cli = CompareCommand.text(report, WHERE);
            assertThat(cli).as("command line text for %s", v).contains("blocks 0  " + v.label() + "  ");
            Object json = ((List<?>) Reports.compare(report, WHERE).get("ranges")).get(0);
            assertThat(((Map<?, ?>) json).get("verdict")).isEqualTo(v.label());
            assertThat(PlanText.verdict(v)).as("console word for %s", v).endsWith("  " + v.label().replace('-', ' '));
        }
    }

    @Test
    void theUserGuidesVerdictTableShowsTheConsolesSymbolsAndWords() throws IOException {
        String guide = Files.readString(Path.of("docs", "user-guide.md"));
        for (Verdict v : Verdict.values()) {
            if (v == Verdict.IN_SYNC) {
                continue;
            }
            String[] shown = PlanText.verdict(v).split(" {2}", 2);
            assertThat(guide).as("the guide's row for %s", v).contains("| " + shown[0] + " | " + shown[1] + " | ");
        }
        assertThat(guide).doesNotContain("| missing |");
    }

    @Test
    void aTornNewestWriteIsNamedAsTornNotCalledAConflict() {
        String cli = CompareCommand.text(reportOf(range(Verdict.TORN_NEWEST)), WHERE);
        assertThat(cli).contains("1 torn newest write")
                .contains("blocks 0  torn-newest  write 2:197 is torn: no device's data matches it; "
                        + "/mnt/a/tm's data matches none of its entries, /mnt/b/tm's data matches 1:5")
                .doesNotContain("1 conflict,").contains("0 conflicts");
        assertThat(PlanText.verdict(Verdict.TORN_NEWEST)).isEqualTo("⊘  torn newest");

        String conflict = CompareCommand.text(reportOf(range(Verdict.CONFLICT)), WHERE);
        assertThat(conflict).contains("blocks 0  conflict  newest writes of different writers: 2:197 on /mnt/a/tm, "
                + "1:5 on /mnt/b/tm");
    }
}
