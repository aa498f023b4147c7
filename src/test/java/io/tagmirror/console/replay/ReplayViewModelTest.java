package io.tagmirror.console.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.repair.PlanRow;
import io.tagmirror.console.repair.RepairWizardViewModel;
import io.tagmirror.console.repair.WizardStep;
import io.tagmirror.console.workflow.WorkflowFixture;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.Verdict;
import io.tagmirror.workload.pattern.PatternKind;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayViewModelTest {

    static final int COUNT = 400;
    static final long SEED = 3;
    static final long OFFLINE_FROM = 100;
    static final long OFFLINE_TO = 200;
    static final long TEAR = 250;
    static final long CRASH = 300;

    @TempDir
    Path tmp;

    private WorkflowFixture f;
    private ReplayViewModel replay;

    @BeforeEach
    void setUp() throws Exception {
        f = WorkflowFixture.create(tmp);
        replay = new ReplayViewModel(f.access, f.work, f.historyCounter());
        replay.reloadMirrors();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    /** The demo's faults on the fixture's mirror: b misses a window, a write tears on b, the host crashes. */
    static void plan(ReplayFormViewModel form) {
        form.patternProperty().set(PatternKind.RANDOM);
        form.countProperty().set(Integer.toString(COUNT));
        form.sizesProperty().set("4k-16k");
        form.seedProperty().set(Long.toString(SEED));
        form.writersProperty().set("2");
        ReplayFormViewModel.OfflineRow window = form.addOffline();
        window.fromProperty().set(Long.toString(OFFLINE_FROM));
        window.toProperty().set(Long.toString(OFFLINE_TO));
        ReplayFormViewModel.TearRow tear = form.addTear();
        tear.writeProperty().set(Long.toString(TEAR));
        form.crashProperty().set(true);
        form.crashAfterProperty().set(Long.toString(CRASH));
    }

    @Test
    void aReplayWithACrashLeavesTheMirrorDivergedWhereTheWorkloadSaysAndTheConsoleAlive() throws Exception {
        assertThat(replay.form().devices()).extracting(DeviceOption::name).containsExactly("device-a", "device-b");
        plan(replay.form());
        assertThat(replay.form().problems()).isEmpty();

        replay.start();

        assertThat(replay.stateProperty().get()).isEqualTo(RunState.FINISHED);
        assertThat(replay.summaryProperty().get().crashed()).isTrue();
        assertThat(replay.summaryProperty().get().writes()).isEqualTo(CRASH);
        assertThat(replay.stateAfterProperty().get()).isEqualTo(MirrorState.DIVERGED);
        assertThat(replay.faults()).extracting(fault -> fault.kind())
                .containsExactly("offline", "online", "tear", "crash");
        assertThat(replay.faults().get(0).device()).as("devices named as the console names them")
                .isEqualTo("device-b");
        assertThat(replay.samples()).isNotEmpty().hasSizeLessThanOrEqualTo(ReplayViewModel.WINDOW);
        assertThat(replay.seriesNames()).containsExactly("device-a", "device-b");
        assertThat(f.access.holder(WorkflowFixture.MIRROR)).as("the mirror is given back").isEmpty();
        assertThat(f.workspace().history(null, 5)).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo("replay");
            assertThat(h.result()).isEqualTo("crashed");
        });

        RepairWizardViewModel wizard = new RepairWizardViewModel(f.access, f.work, dir -> 1L << 40, () -> { });
        wizard.start(replay.finishedMirrorProperty().get());
        wizard.next();
        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.REVIEW);
        TreeSet<Long> found = new TreeSet<>();
        for (PlanRow r : wizard.reviewStep().planRows()) {
            for (long b = r.firstBlock(); b < r.firstBlock() + r.blockCount(); b++) {
                found.add(b);
            }
        }
        assertThat(found).isEqualTo(new DivergenceModel(COUNT, "4k-16k", SEED, OFFLINE_FROM, OFFLINE_TO, TEAR, CRASH)
                .divergentBlocks(WorkflowFixture.SIZE_BYTES, WorkflowFixture.BLOCK_SIZE));
        assertThat(wizard.reviewStep().planRows()).extracting(PlanRow::verdict).contains(Verdict.COPY, Verdict.TORN)
                .doesNotContain(Verdict.CONFLICT);
        wizard.next();
        wizard.confirmStep().confirmedProperty().set(true);
        wizard.next();
        wizard.next();
        assertThat(wizard.reportStep().reportProperty().get().verify().identical()).isTrue();
        wizard.close();
        assertThat(f.workspace().history(WorkflowFixture.MIRROR, 10)).extracting(Workspace.HistoryEntry::kind)
                .containsExactly("verify", "repair", "compare", "replay");
    }

    @Test
    void aReplayWithoutFaultsLeavesTheMirrorInSync() throws Exception {
        replay.form().countProperty().set("200");
        replay.start();
        assertThat(replay.summaryProperty().get().result()).isEqualTo("done");
        assertThat(replay.stateAfterProperty().get()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void replaysATraceFileTellingItsFormatFromTheFile() throws Exception {
        java.nio.file.Path trace = tmp.resolve("trace.log");
        java.nio.file.Files.writeString(trace, "fio version 2 iolog\n/dev/sdb add\n/dev/sdb open\n"
                + "/dev/sdb write 0 4096\n/dev/sdb write 65536 8192\n/dev/sdb sync 0 0\n/dev/sdb close\n");
        replay.form().sourceProperty().set(ReplayFormViewModel.Source.TRACE);
        replay.form().traceProperty().set(trace.toString());
        assertThat(replay.form().problems()).isEmpty();
        replay.start();
        assertThat(replay.stateProperty().get()).isEqualTo(RunState.FINISHED);
        assertThat(replay.summaryProperty().get().writes()).isEqualTo(2);
        assertThat(replay.summaryProperty().get().source()).contains("fio trace");
        assertThat(replay.stateAfterProperty().get()).isEqualTo(MirrorState.IN_SYNC);
    }

    @Test
    void aReplayThatCannotStartSaysWhy() throws Exception {
        replay.form().countProperty().set("100");
        try (var held = f.access.lease(WorkflowFixture.MIRROR, "the repair wizard")) {
            replay.start();
        }
        assertThat(replay.stateProperty().get()).isEqualTo(RunState.FAILED);
        assertThat(replay.errorProperty().get()).contains("in use by the repair wizard");
        assertThat(replay.isRunning()).isFalse();
    }
}
