package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.console.workflow.WorkflowFixture;
import io.tagmirror.engine.CancelledException;
import io.tagmirror.operations.CompareOperation;
import io.tagmirror.operations.GuidedRepairReport;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard's step models on their own, without a stage and without the navigator: each takes what the
 * step before gave it, runs its operation and holds its result.
 */
class WizardStepsTest {

    @TempDir
    Path tmp;

    private WorkflowFixture f;
    private WizardWork work;

    @BeforeEach
    void setUp() throws Exception {
        f = WorkflowFixture.create(tmp);
        work = new WizardWork(f.work);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    private PreCheckStep checked() {
        PreCheckStep checks = new PreCheckStep(f.access, work, dir -> 1L << 40, () -> { });
        checks.run(WorkflowFixture.MIRROR);
        assertThat(checks.passed()).isTrue();
        return checks;
    }

    private CompareOperation.Compared compared(PreCheckStep checks) {
        AtomicReference<CompareOperation.Compared> out = new AtomicReference<>();
        new CompareStep(work, f.historyCounter()).run(checks.lease(), out::set);
        return out.get();
    }

    @Test
    void thePreChecksHoldTheMirrorForTheWizardUntilTheyAreCleared() throws Exception {
        PreCheckStep checks = checked();
        assertThat(f.access.holder(WorkflowFixture.MIRROR)).contains("the repair wizard");
        assertThat(checks.deviceNamesProperty().get()).containsOnlyKeys(f.uuidA, f.uuidB);
        assertThat(checks.volumeBytes()).isEqualTo(WorkflowFixture.SIZE_BYTES);

        checks.clear();
        assertThat(f.access.holder(WorkflowFixture.MIRROR)).isEmpty();
        assertThat(checks.checks()).isEmpty();
        assertThat(checks.passed()).isFalse();
    }

    @Test
    void aDeviceBroughtBackFromThePreChecksComesBackAsEverywhereAndIsKeptInTheHistory() throws Exception {
        try (MirrorLease lease = f.access.lease(WorkflowFixture.MIRROR, "a test")) {
            lease.mirror().takeOffline(f.uuidB, "unplugged");
        }
        PreCheckStep checks = new PreCheckStep(f.access, work, dir -> 1L << 40, f.historyCounter());
        checks.run(WorkflowFixture.MIRROR);
        assertThat(checks.passed()).isFalse();

        checks.bringOnline(f.uuidB);

        assertThat(checks.passed()).isTrue();
        List<Workspace.HistoryEntry> history = f.workspace().history(WorkflowFixture.MIRROR, 10);
        assertThat(history).extracting(Workspace.HistoryEntry::kind).containsExactly("online");
        assertThat(f.historyChanges).isOne();
        checks.release();
    }

    @Test
    void theRepairStepRepairsByThePlanThroughTheOperationWhichRecordsTheEntriesBeforeAndAfter() throws Exception {
        TreeSet<Long> missed = f.offlineWindow(12, 41);
        PreCheckStep checks = checked();
        CompareOperation.Compared c = compared(checks);
        RepairPlan plan = RepairPlan.of(c.report(), Map.of());
        RepairStep repair = new RepairStep(work, f.access, f.historyCounter());
        int[] done = new int[1];

        repair.run(checks.lease(), c, plan, () -> done[0]++);

        assertThat(done[0]).isOne();
        assertThat(repair.reportProperty().get().bytesCopied()).isEqualTo(missed.size() * 4096L);
        assertThat(repair.repaired().entriesBefore().get(f.uuidA)).isPositive();
        assertThat(repair.repaired().entriesAfter()).containsOnly(Map.entry(f.uuidA, 0L), Map.entry(f.uuidB, 0L));
        List<Workspace.HistoryEntry> history = f.workspace().history(WorkflowFixture.MIRROR, 10);
        assertThat(history).extracting(Workspace.HistoryEntry::kind).containsExactly("repair", "compare");
        assertThat(Json.MAPPER.readTree(history.get(0).figures()))
                .isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(repair.repaired().figures())));
        assertThat(f.historyChanges).as("the compare's entry and the repair's").isEqualTo(2);
        checks.release();
    }

    @Test
    void theExportedReportCarriesTheFiguresTheOperationsRecordedInTheHistory() throws Exception {
        f.offlineWindow(4, 42);
        PreCheckStep checks = checked();
        CompareOperation.Compared c = compared(checks);
        RepairStep repair = new RepairStep(work, f.access, () -> { });
        repair.run(checks.lease(), c, RepairPlan.of(c.report(), Map.of()), () -> { });
        VerifyStep verify = new VerifyStep(work, f.access, () -> { });
        verify.run(checks.lease(), () -> { });
        assertThat(verify.reportProperty().get().identical()).isTrue();
        ReportStep report = new ReportStep(work);
        report.show(new GuidedRepairReport(WorkflowFixture.MIRROR, java.time.Instant.now(), java.time.Instant.now(), c,
                Map.of(), repair.repaired(), verify.verified(), checks.volumeBytes()));
        Path file = tmp.resolve("report.json");

        report.export(file);

        var exported = Json.MAPPER.readTree(Files.readString(file));
        List<Workspace.HistoryEntry> history = f.workspace().history(WorkflowFixture.MIRROR, 10);
        assertThat(history).extracting(Workspace.HistoryEntry::kind).containsExactly("verify", "repair", "compare");
        assertThat(exported.path("verify")).isEqualTo(Json.MAPPER.readTree(history.get(0).figures()));
        assertThat(exported.path("repair")).isEqualTo(Json.MAPPER.readTree(history.get(1).figures()));
        assertThat(exported.path("compare")).isEqualTo(Json.MAPPER.readTree(history.get(2).figures()));
        assertThat(exported.path("entriesAfter")).isEqualTo(exported.path("repair").path("entriesAfter"));
        assertThat(work.statusProperty().get()).startsWith("Report saved to ");
        checks.release();
    }

    @Test
    void aFailureBecomesTheErrorNoteAndACancelOnlyNews() {
        work.run("failing", m -> {
            throw new java.io.IOException("the drive went away");
        }, v -> { });
        assertThat(work.errorProperty().get()).contains("the drive went away");
        assertThat(work.statusProperty().get()).isNull();
        assertThat(work.isBusy()).isFalse();

        work.clearNotes();
        work.run("cancelled", m -> {
            throw new CancelledException("compare of lab cancelled");
        }, v -> { });
        assertThat(work.errorProperty().get()).isNull();
        assertThat(work.statusProperty().get()).contains("cancelled");
    }

    @Test
    void closingTheWizardWhileItsChecksRunGivesTheMirrorBackOnceTheyHaveTakenIt() throws Exception {
        Queued queued = new Queued();
        try (WorkflowFixture later = WorkflowFixture.create(tmp.resolve("later"), queued, queued.engine,
                UiThread.INLINE)) {
            RepairWizardViewModel wizard = new RepairWizardViewModel(later.access, later.work, dir -> 1L << 40,
                    () -> { });
            wizard.start(WorkflowFixture.MIRROR);
            queued.runAll();
            wizard.next();
            assertThat(wizard.isRunning()).isTrue();

            wizard.close();
            queued.runAll();

            assertThat(wizard.isRunning()).isFalse();
            assertThat(later.access.holder(WorkflowFixture.MIRROR)).as("the lease taken by the checks is given back")
                    .isEmpty();
        }
    }

    /** Jobs and engine work held until the test runs them, as a busy machine would delay them. */
    private static final class Queued implements TaskRunner {
        private final DirectTaskRunner direct = new DirectTaskRunner();
        private final List<Runnable> engineWork = new ArrayList<>();
        private final List<BackgroundJob<?>> jobs = new ArrayList<>();
        final Executor engine = engineWork::add;

        @Override
        public <T> Future<T> submit(BackgroundJob<T> job) {
            jobs.add(job);
            return null;
        }

        /** The engine's work first, so the jobs watching it find it ended. */
        void runAll() {
            while (!engineWork.isEmpty() || !jobs.isEmpty()) {
                List<Runnable> work = new ArrayList<>(engineWork);
                engineWork.clear();
                work.forEach(Runnable::run);
                List<BackgroundJob<?>> waiting = new ArrayList<>(jobs);
                jobs.clear();
                waiting.forEach(direct::submit);
            }
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public void close() {
            direct.close();
        }
    }
}
