package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.ConflictSide;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.Verdict;
import io.tagmirror.operations.RangeChoice;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RepairPlanTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Map<UUID, String> NAMES = Map.of(A, "device-a", B, "device-b");

    private static CompareReport report() {
        List<DiffRange> ranges = List.of(
                new DiffRange("obj", 0, 2, Verdict.IN_SYNC, A, List.of(), new Tag(1, 1), true, List.of()),
                new DiffRange("obj", 10, 4, Verdict.COPY, A, List.of(B), new Tag(1, 2), true, List.of()),
                new DiffRange("obj", 20, 1, Verdict.CONFLICT, A, List.of(B), new Tag(1, 3), true,
                        List.of(new ConflictSide(A, List.of(new Tag(1, 3)), new Tag(1, 3)),
                                new ConflictSide(B, List.of(new Tag(2, 9)), new Tag(2, 9)))),
                new DiffRange("obj", 30, 2, Verdict.TORN, B, List.of(A), new Tag(1, 4), true, List.of()));
        return new CompareReport("m", UUID.randomUUID(), 4096, List.of(A, B), ranges, Map.of(A, 5L, B, 3L), 1, 9, 0,
                0.1, 0, Map.of(A, 2L, B, 2L));
    }

    @Test
    void listsTheDivergentRangesWithWhereEachIsCopiedAndLeavesAnUndecidedConflictUncopied() {
        RepairPlan plan = RepairPlan.of(report(), Map.of());
        assertThat(plan.rows()).extracting(PlanRow::firstBlock).containsExactly(10L, 20L, 30L);
        assertThat(plan.undecided()).isEqualTo(1);
        assertThat(plan.conflictsLeft()).isEqualTo(1);
        assertThat(plan.inSyncRanges()).isEqualTo(1);
        assertThat(plan.rangesToCopy()).isEqualTo(2);
        assertThat(plan.bytesToWrite()).isEqualTo(6 * 4096L);
        assertThat(plan.bytesPerTarget()).containsExactly(Map.entry(A, 2 * 4096L), Map.entry(B, 4 * 4096L));
        assertThat(plan.bytesPerSource()).containsExactly(Map.entry(A, 4 * 4096L), Map.entry(B, 2 * 4096L));
        assertThat(plan.effectiveReport().ranges().get(2).verdict()).isEqualTo(Verdict.CONFLICT);
        assertThat(plan.choices()).as("the undecided conflict is left to the repair, its entries kept").isEmpty();
    }

    @Test
    void aDecidedConflictBecomesACopyFromTheChosenDeviceOntoAllOthers() {
        RepairPlan plan = RepairPlan.of(report(), Map.of(2, ConflictChoice.prefer(B)));
        assertThat(plan.undecided()).isZero();
        assertThat(plan.conflictsLeft()).isZero();
        DiffRange effective = plan.effectiveReport().ranges().get(2);
        assertThat(effective.verdict()).isEqualTo(Verdict.COPY);
        assertThat(effective.source()).isEqualTo(B);
        assertThat(effective.targets()).containsExactly(A);
        assertThat(plan.report().ranges().get(2).verdict()).as("the compare's own report is kept")
                .isEqualTo(Verdict.CONFLICT);
        assertThat(plan.choices()).as("what the repair operation is given")
                .containsExactly(Map.entry(2, RangeChoice.keep(B)));

        RepairPlan newest = RepairPlan.of(report(), Map.of(2, ConflictChoice.NEWEST_SEQUENCE));
        assertThat(newest.effectiveReport().ranges().get(2).source()).isEqualTo(A);
        assertThat(newest.effectiveReport().ranges().get(2).targets()).containsExactly(B);
    }

    @Test
    void saysExactlyWhatIsOverwrittenOnEachTarget() {
        RepairPlan plan = RepairPlan.of(report(), Map.of(2, ConflictChoice.LEAVE));
        assertThat(plan.overwriteSentences(NAMES)).containsExactly(
                "device-a: 2 blocks in 1 range (8.00 KiB) will be overwritten with data from device-b",
                "device-b: 4 blocks in 1 range (16.0 KiB) will be overwritten with data from device-a");
        assertThat(PlanText.summary(plan)).isEqualTo(
                "2 ranges to copy (24.0 KiB written) · 1 conflict · 1 range identical (entries only)");
    }

    @Test
    void aReportWithNothingNamedHasNoWork() {
        CompareReport empty = new CompareReport("m", UUID.randomUUID(), 4096, List.of(A, B), List.of(),
                Map.of(A, 0L, B, 0L), 0, 0, 0, 0, 0, Map.of());
        RepairPlan plan = RepairPlan.of(empty, Map.of());
        assertThat(plan.hasWork()).isFalse();
        assertThat(PlanText.summary(plan)).contains("nothing to repair");
    }

    @Test
    void aTornNewestWriteWaitsForADecisionAndIsNotCopiedFromTheDeviceThatTornIt() {
        List<DiffRange> ranges = List.of(new DiffRange("obj", 40, 1, Verdict.TORN_NEWEST, A, List.of(B), new Tag(2, 197),
                false, List.of(new ConflictSide(A, List.of(new Tag(2, 197), new Tag(2, 97)), null),
                        new ConflictSide(B, List.of(new Tag(2, 97)), new Tag(2, 97)))));
        CompareReport report = new CompareReport("m", UUID.randomUUID(), 4096, List.of(A, B), ranges,
                Map.of(A, 2L, B, 1L), 0, 1, 0, 0.1, 0, Map.of(A, 1L, B, 1L));

        RepairPlan plan = RepairPlan.of(report, Map.of());
        assertThat(plan.toDecide()).singleElement().satisfies(r -> assertThat(r.copies()).isFalse());
        assertThat(plan.undecided()).isEqualTo(1);
        assertThat(plan.tornNewestLeft()).isEqualTo(1);
        assertThat(plan.conflictsLeft()).isZero();
        assertThat(plan.bytesToWrite()).isZero();
        assertThat(PlanText.summary(plan)).contains("1 torn newest write (1 to decide)").doesNotContain("conflict");

        RepairPlan kept = RepairPlan.of(report, Map.of(0, ConflictChoice.prefer(B)));
        assertThat(kept.tornNewestLeft()).isZero();
        assertThat(kept.effectiveReport().ranges().get(0).source()).isEqualTo(B);
        assertThat(kept.effectiveReport().ranges().get(0).targets()).containsExactly(A);
    }
}
