package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The wizard's report tells the work's time apart from the time the administrator took between steps. */
class GuidedRepairReportTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    private static GuidedRepairReport report(RepairReport repair, VerifyReport verify) {
        CompareReport compare = new CompareReport("lab", UUID.randomUUID(), 4096, List.of(), List.of(), Map.of(), 0, 0,
                0, 1.25, 0, Map.of());
        // 23.49 s from the compare's start to the report: most of it the review and the confirmation.
        return new GuidedRepairReport("lab", START, START.plus(Duration.ofMillis(23_490)),
                new CompareOperation.Compared(compare, Map.of(), null, Map.of()), Map.of(),
                repair == null ? null : new RepairOperation.Repaired(repair, Map.of(), Map.of(), Map.of()),
                verify == null ? null : new VerifyOperation.Verified(verify, Map.of(), Map.of()), 16L << 20);
    }

    @Test
    void theWorkIsTheStepsOwnTimesWithoutThePausesBetweenThem() {
        GuidedRepairReport r = report(new RepairReport(0, 0, 0, 0, 0, false, 2.5, List.of()),
                new VerifyReport(true, 10, 0, List.of(), Map.of(), 0, 0.75, false));

        assertThat(r.workSeconds()).isEqualTo(4.5);
        assertThat(r.duration()).isEqualTo(Duration.ofMillis(23_490));
        assertThat(r.toMap()).containsEntry("workSeconds", 4.5).containsEntry("seconds", 23.49);
    }

    @Test
    void stepsThatDidNotRunCountNothing() {
        assertThat(report(null, null).workSeconds()).isEqualTo(1.25);
    }
}
