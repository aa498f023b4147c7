package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairOperationTest {
    @TempDir
    Path tmp;
    private OperationsFixture fx;

    @BeforeEach
    void open() throws IOException {
        fx = new OperationsFixture(tmp);
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    @Test
    void aRepairByPolicyCopiesWhatDiffersAndIsRecordedWithItsFigures() throws Exception {
        fx.offlineWindow(6, 21);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);

        RepairOperation.Repaired r = RepairOperation.run(fx.on, c, RepairPolicy.NONE, TaskMonitor.NONE);

        assertThat(r.report().bytesCopied()).isEqualTo(c.report().bytesToCopy());
        assertThat(r.report().phases().phases()).extracting(p -> p.name()).containsExactly("copy", "sync", "delete");
        assertThat(VerifyOperation.run(fx.on, TaskMonitor.NONE).report().identical()).isTrue();
        var entry = fx.history().get(1);
        assertThat(entry.kind()).isEqualTo("repair");
        assertThat(entry.result()).isEqualTo("repaired");
        assertThat(Json.MAPPER.readTree(entry.figures())).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(r.figures())));
    }

    @Test
    void aChoicePerRangeKeepsTheChosenDevicesDataAndTheHistorySaysWhichWasKept() throws Exception {
        fx.conflictAt(7);
        CompareOperation.Compared c = CompareOperation.run(fx.on, TaskMonitor.NONE);
        int conflict = indexOf(c, Verdict.CONFLICT);

        RepairOperation.Repaired r = RepairOperation.run(fx.on, c, Map.of(conflict, RangeChoice.keep(fx.uuidB)),
                TaskMonitor.NONE);

        assertThat(r.report().undecided()).isZero();
        assertThat(fx.block(fx.uuidA, 7)).isEqualTo(OperationsFixture.filled((byte) 2));
        assertThat(r.figures().get("decisions")).isEqualTo(Map.of(c.report().ranges().get(conflict).range().toString(),
                "keep " + fx.b));
        assertThat(fx.history().get(0).result()).isEqualTo("repaired");
    }

    @Test
    void aRangeLeftWithoutAChoiceStaysForALaterRepair() throws Exception {
        fx.conflictAt(9);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);

        RepairOperation.Repaired r = RepairOperation.run(fx.on, c, Map.of(), TaskMonitor.NONE);

        assertThat(r.report().conflictsLeft()).isEqualTo(1);
        assertThat(fx.history().get(0).result()).isEqualTo("conflicts left");
        assertThat(CompareOperation.unrecorded(fx.on, TaskMonitor.NONE).report().conflicts()).isEqualTo(1);
    }

    @Test
    void aRepairRecordsEachMembersEntriesBeforeAndAfterItByWhereTheDeviceIs() throws Exception {
        fx.offlineWindow(5, 31);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);
        long entriesOnA = c.report().entriesPerDevice().get(fx.uuidA);
        assertThat(entriesOnA).as("device a kept the writes b missed").isPositive();

        RepairOperation.Repaired r = RepairOperation.run(fx.on, c, RepairPolicy.NONE, TaskMonitor.NONE);

        assertThat(r.entriesBefore()).containsExactly(Map.entry(fx.uuidA, entriesOnA),
                Map.entry(fx.uuidB, c.report().entriesPerDevice().get(fx.uuidB)));
        assertThat(r.entriesAfter()).containsExactly(Map.entry(fx.uuidA, 0L), Map.entry(fx.uuidB, 0L));
        var recorded = Json.MAPPER.readTree(fx.history().get(0).figures());
        assertThat(recorded.path("entriesBefore").path(fx.a.toString()).asLong()).isEqualTo(entriesOnA);
        assertThat(recorded.path("entriesAfter").path(fx.a.toString()).asLong()).isZero();
        assertThat(recorded.path("entriesAfter").path(fx.b.toString()).asLong()).isZero();
    }

    @Test
    void theEntriesOfARangeLeftForLaterAreStillThereAfterTheRepair() throws Exception {
        fx.conflictAt(11);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);

        RepairOperation.Repaired r = RepairOperation.run(fx.on, c, Map.of(), TaskMonitor.NONE);

        assertThat(r.entriesBefore()).containsEntry(fx.uuidA, 1L).containsEntry(fx.uuidB, 1L);
        assertThat(r.entriesAfter()).isEqualTo(r.entriesBefore());
        assertThat(r.figures().get("entriesAfter")).isEqualTo(Map.of(fx.a.toString(), 1L, fx.b.toString(), 1L));
    }

    @Test
    void aReportMadeBeforeTheMirrorWasAssembledAgainIsRefusedAndNothingIsRecorded() throws Exception {
        fx.offlineWindow(3, 22);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);
        fx.reopen();

        assertThatThrownBy(() -> RepairOperation.run(fx.on, c, RepairPolicy.NONE, TaskMonitor.NONE))
                .isInstanceOf(TagMirrorException.class).hasMessageContaining("compare again");
        assertThat(fx.history()).isEmpty();
        assertThat(CompareOperation.unrecorded(fx.on, TaskMonitor.NONE).report().bytesToCopy())
                .isEqualTo(c.report().bytesToCopy());
    }

    @Test
    void keepingTheDataOfADeviceOutsideTheMirrorIsRefused() throws Exception {
        fx.conflictAt(3);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);
        UUID stranger = UUID.randomUUID();

        assertThatThrownBy(() -> RepairOperation.run(fx.on, c, RepairPolicy.prefer(stranger), TaskMonitor.NONE))
                .isInstanceOf(TagMirrorException.class).hasMessageContaining("not a member of mirror lab");
        assertThatThrownBy(() -> RepairOperation.run(fx.on, c,
                Map.of(indexOf(c, Verdict.CONFLICT), RangeChoice.keep(stranger)), TaskMonitor.NONE))
                .isInstanceOf(TagMirrorException.class);
        assertThat(fx.history()).isEmpty();
    }

    @Test
    void aChoiceForARangeThatWaitsForNoneIsAProgrammingError() throws Exception {
        fx.offlineWindow(2, 23);
        CompareOperation.Compared c = CompareOperation.unrecorded(fx.on, TaskMonitor.NONE);
        int copy = indexOf(c, Verdict.COPY);

        assertThatThrownBy(() -> RepairOperation.run(fx.on, c, Map.of(copy, RangeChoice.NEWEST_SEQUENCE),
                TaskMonitor.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(fx.history()).isEmpty();
    }

    private static int indexOf(CompareOperation.Compared c, Verdict verdict) {
        for (int i = 0; i < c.report().ranges().size(); i++) {
            if (c.report().ranges().get(i).verdict() == verdict) {
                return i;
            }
        }
        throw new AssertionError("no " + verdict + " range in " + c.report().ranges());
    }
}
