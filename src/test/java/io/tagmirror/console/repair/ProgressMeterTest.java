package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.tagmirror.console.workflow.ProgressMeter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    private long now;
    private final ProgressMeter meter = new ProgressMeter(() -> now);

    @Test
    void measuresTheRateOverTheWindowAndEstimatesTheTimeLeft() {
        meter.update("ranges copied", 0, 1000);
        now += 1_000_000_000L;
        meter.update("ranges copied", 100, 1000);
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.perSecond()).isEqualTo(100, offset(0.001));
        assertThat(s.etaSeconds()).isEqualTo(9, offset(0.001));
        assertThat(s.fraction()).isEqualTo(0.1, offset(1e-9));
        assertThat(s.etaText()).isEqualTo("9 s left");
    }

    @Test
    void forgetsSamplesOlderThanTheWindowSoANewPaceShowsQuickly() {
        meter.update("blocks verified", 0, 10_000);
        now += 10_000_000_000L;
        meter.update("blocks verified", 100, 10_000);
        for (int i = 0; i < 4; i++) {
            now += 1_000_000_000L;
            meter.update("blocks verified", 100 + (i + 1) * 1000L, 10_000);
        }
        assertThat(meter.snapshot().perSecond()).isEqualTo(1000, offset(0.001));
    }

    @Test
    void aNewPhaseStartsTheRateAfresh() {
        meter.update("entries merged", 5000, 5000);
        now += 1_000_000_000L;
        meter.update("ranges read", 10, 100);
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.phase()).isEqualTo("ranges read");
        assertThat(s.perSecond()).isZero();
        assertThat(s.etaSeconds()).isEqualTo(-1);
        assertThat(s.etaText()).isEqualTo("estimating…");
    }

    @Test
    void formatsProgressForPeople() {
        ProgressMeter.Snapshot s = new ProgressMeter.Snapshot("ranges copied", 250, 1000, 2500, 75, 1);
        assertThat(ProgressText.done(s)).isEqualTo("250 of 1,000 blocks (25 %)");
        assertThat(ProgressText.rate(s, 4096)).isEqualTo("10.2 MB/s");
        assertThat(ProgressText.eta(s)).isEqualTo("1 min 15 s left");
        ProgressMeter.Snapshot entries = new ProgressMeter.Snapshot("entries merged", 12_000, 0, 40_000, -1, 1);
        assertThat(ProgressText.done(entries)).isEqualTo("12,000 entries");
        assertThat(ProgressText.rate(entries, 4096)).isEqualTo("40,000 entries/s");
    }

    @Test
    void countsTheCopiedRangesFinishedAfterSomeBlocks() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        var range = new io.tagmirror.engine.DiffRange("o", 0, 4, io.tagmirror.engine.Verdict.COPY, a, List.of(b), null,
                true, List.of());
        List<PlanRow> rows = List.of(new PlanRow(0, range, ConflictChoice.UNDECIDED, a, List.of(b), 0),
                new PlanRow(1, range, ConflictChoice.UNDECIDED, null, List.of(), 0),
                new PlanRow(2, range, ConflictChoice.UNDECIDED, a, List.of(b), 0));
        assertThat(ProgressText.rangesDone(rows, 3)).isZero();
        assertThat(ProgressText.rangesDone(rows, 4)).isEqualTo(1);
        assertThat(ProgressText.rangesDone(rows, 8)).isEqualTo(2);
    }
}
