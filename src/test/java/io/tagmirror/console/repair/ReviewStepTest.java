package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.DiffRange;
import io.tagmirror.engine.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The review step on its own, without a stage or a mirror: choices make the plan, room gates it. */
class ReviewStepTest {

    private static final int BLOCK = 4096;
    private final UUID a = new UUID(0, 1);
    private final UUID b = new UUID(0, 2);
    private final Map<UUID, Path> locations = Map.of(a, Path.of("/drives/one/device-a"), b,
            Path.of("/drives/two/device-b"));

    /** Blocks 0–3 to copy from a onto b, blocks 10–11 in conflict. */
    private CompareReport report() {
        DiffRange copy = new DiffRange("o", 0, 4, Verdict.COPY, a, List.of(b), null, true, List.of());
        DiffRange conflict = new DiffRange("o", 10, 2, Verdict.CONFLICT, a, List.of(b), null, true, List.of());
        return new CompareReport("lab", new UUID(1, 1), BLOCK, List.of(a, b), List.of(copy, conflict),
                Map.of(a, 3L, b, 1L), 1, 12, 12L * BLOCK, 0.1, 1, Map.of());
    }

    @Test
    void aConflictHoldsThePlanUntilItIsDecidedAndTheChoiceAddsItsCopies() {
        ReviewStep review = new ReviewStep();
        review.compared(report(), locations, Map.of(a, 1L << 40, b, 1L << 40));
        assertThat(review.planRows()).hasSize(2);
        assertThat(review.conflictRows()).extracting(PlanRow::index).containsExactly(1);
        assertThat(review.ready()).isFalse();
        assertThat(review.planProperty().get().bytesToWrite()).isEqualTo(4L * BLOCK);

        review.choose(1, ConflictChoice.prefer(b));
        assertThat(review.ready()).isTrue();
        assertThat(review.planProperty().get().bytesPerTarget()).containsEntry(a, 2L * BLOCK)
                .containsEntry(b, 4L * BLOCK);
        assertThat(review.decisions(Map.of(a, "device-a", b, "device-b"))).containsValue("Keep device-b");

        review.chooseForAll(ConflictChoice.LEAVE);
        assertThat(review.ready()).isTrue();
        assertThat(review.planProperty().get().bytesToWrite()).isEqualTo(4L * BLOCK);
    }

    @Test
    void aNewCompareForgetsTheChoicesOfTheLastOne() {
        ReviewStep review = new ReviewStep();
        review.compared(report(), locations, Map.of(a, 1L << 40, b, 1L << 40));
        review.choose(1, ConflictChoice.NEWEST_SEQUENCE);
        assertThat(review.ready()).isTrue();
        review.compared(report(), locations, Map.of(a, 1L << 40, b, 1L << 40));
        assertThat(review.ready()).isFalse();
        review.clear();
        assertThat(review.planProperty().get()).isNull();
        assertThat(review.planRows()).isEmpty();
    }

    @Test
    void aTargetWithoutRoomForItsCopiesStopsThePlan() {
        ReviewStep review = new ReviewStep();
        review.compared(report(), locations, Map.of(a, 1L << 40, b, 1024L));
        review.choose(1, ConflictChoice.NEWEST_SEQUENCE);
        assertThat(review.spaceChecks()).anyMatch(PreCheck::blocks);
        assertThat(review.ready()).isFalse();
    }

    @Test
    void theListsItHandsOutAreReadOnly() {
        ReviewStep review = new ReviewStep();
        review.compared(report(), locations, Map.of(a, 1L << 40, b, 1L << 40));
        assertThatThrownBy(() -> review.planRows().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> review.conflictRows().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> review.spaceChecks().remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
}
