package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.PhaseTimings;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.Verdict;
import io.tagmirror.engine.VerifyReport;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.GuidedRepairReport;
import io.tagmirror.operations.RepairOperation;
import io.tagmirror.operations.VerifyOperation;
import io.tagmirror.workspace.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The exported report of a guided compare and repair, byte for byte, for one run's figures. */
class WizardReportExportTest {
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static CompareOperation.Compared compared() {
        List<DiffRange> ranges = List.of(
                new DiffRange("obj", 100, 3, Verdict.COPY, A, List.of(B), new Tag(1, 7), true, List.of()),
                new DiffRange("obj", 1200, 2, Verdict.CONFLICT, null, List.of(), null, false, List.of()));
        CompareReport report = new CompareReport("lab", UUID.fromString("00000000-0000-0000-0000-000000000001"), 4096,
                List.of(A, B), ranges, Map.of(A, 12L, B, 9L), 9, 5, 40_960, 1.25, 3, Map.of(), List.of(), PhaseTimings.NONE, null);
        Map<String, Object> figures = map("mirror", "lab", "ranges", 2, "entries", map("/drives/a", 12, "/drives/b", 9),
                "bytesToCopy", 12_288, "seconds", 1.25);
        return new CompareOperation.Compared(report, figures, null, Map.of());
    }

    private static String exported(GuidedRepairReport report) throws Exception {
        // as the report step saves it
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toMap());
    }

    @Test
    void aRepairedAndVerifiedRunExportsTheSameDocumentAsBefore() throws Exception {
        RepairReport repair = new RepairReport(12_288, 1, 21, 0, 0, false, 0.5, List.of(), PhaseTimings.NONE);
        RepairOperation.Repaired repaired = new RepairOperation.Repaired(repair, Map.of(A, 12L, B, 9L), Map.of(A, 0L, B, 0L),
                map("bytesCopied", 12_288, "entriesBefore", map("/drives/a", 12, "/drives/b", 9),
                        "entriesAfter", map("/drives/a", 0, "/drives/b", 0), "seconds", 0.5));
        VerifyReport verify = new VerifyReport(true, 4096, 0, List.of(), Map.of(), 33_554_432, 0.75, false);
        VerifyOperation.Verified verified = new VerifyOperation.Verified(verify, map("identical", true, "seconds", 0.75),
                Map.of());
        GuidedRepairReport report = new GuidedRepairReport("lab", START, START.plusMillis(23_490), compared(),
                Map.of("1200-1201", "Keep device-a"), repaired, verified, 16L << 20);

        assertThat(exported(report)).isEqualTo(golden("wizard-report-repaired.json"));
    }

    @Test
    void aRunStoppedAfterTheCompareExportsTheSameDocumentAsBefore() throws Exception {
        GuidedRepairReport report = new GuidedRepairReport("lab", START, START.plusMillis(4_000), compared(), Map.of(), null, null,
                16L << 20);

        assertThat(exported(report)).isEqualTo(golden("wizard-report-compared.json"));
    }

    /** What the report step saved for these figures before the document was assembled below the console. */
    private static String golden(String name) throws Exception {
        try (InputStream in = WizardReportExportTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
