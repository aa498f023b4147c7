package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.console.workflow.MirrorLease;
import io.tagmirror.console.workflow.WorkflowFixture;
import io.tagmirror.engine.Verdict;
import io.tagmirror.operations.GuidedRepairReport;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairWizardViewModelTest {

    @TempDir
    Path tmp;

    private WorkflowFixture f;
    private RepairWizardViewModel wizard;

    @BeforeEach
    void setUp() throws Exception {
        f = WorkflowFixture.create(tmp);
        wizard = new RepairWizardViewModel(f.access, f.work, dir -> 1L << 40, f.historyCounter());
    }

    @AfterEach
    void tearDown() throws Exception {
        wizard.close();
        f.close();
    }

    private static TreeSet<Long> blocksOf(List<PlanRow> rows) {
        TreeSet<Long> blocks = new TreeSet<>();
        for (PlanRow r : rows) {
            for (long b = r.firstBlock(); b < r.firstBlock() + r.blockCount(); b++) {
                blocks.add(b);
            }
        }
        return blocks;
    }

    @Test
    void walksFromChoiceToAVerifiedReportAndRecordsEachStepInTheHistory() throws Exception {
        TreeSet<Long> missed = f.offlineWindow(40, 7);
        wizard.start(WorkflowFixture.MIRROR);
        assertThat(wizard.chooseStep().mirrorProperty().get()).isEqualTo(WorkflowFixture.MIRROR);
        assertThat(wizard.getStep()).isEqualTo(WizardStep.CHOOSE);

        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.PRECHECK);
        assertThat(wizard.preCheckStep().checks()).isNotEmpty().noneMatch(PreCheck::blocks);
        assertThat(wizard.nextLabelProperty().get()).isEqualTo("Compare");

        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.REVIEW);
        assertThat(wizard.reviewStep().planRows()).allMatch(r -> r.verdict() == Verdict.COPY)
                .allMatch(r -> r.source().equals(f.uuidA) && r.targets().equals(List.of(f.uuidB)));
        assertThat(blocksOf(wizard.reviewStep().planRows())).isEqualTo(missed);
        assertThat(wizard.reviewStep().planProperty().get().bytesPerTarget()).containsOnlyKeys(f.uuidB);

        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.CONFIRM);
        assertThat(wizard.canGoNextProperty().get()).as("a repair needs a deliberate confirmation").isFalse();
        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.CONFIRM);

        wizard.confirmStep().confirmedProperty().set(true);
        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.VERIFY);
        assertThat(wizard.repairStep().reportProperty().get().bytesCopied()).isEqualTo((long) missed.size() * 4096);

        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.REPORT);
        GuidedRepairReport report = wizard.reportStep().reportProperty().get();
        assertThat(report.result()).isEqualTo("repaired, verified identical");
        assertThat(report.verify().identical()).isTrue();
        assertThat(report.totalBefore()).isGreaterThan(0);
        assertThat(report.totalAfter()).isZero();
        assertThat(report.toMap()).containsKeys("entriesBefore", "entriesAfter", "bytesCopied", "seconds", "compare");
        assertThat(report.alternatives()).extracting(a -> a.method())
                .containsExactly("tags", "bitmap-4KiB", "bitmap-64MiB", "activity-log-4MiB");

        List<Workspace.HistoryEntry> history = f.workspace().history(WorkflowFixture.MIRROR, 10);
        assertThat(history).extracting(Workspace.HistoryEntry::kind).containsExactly("verify", "repair", "compare");
        assertThat(history.get(1).result()).isEqualTo("repaired");
        assertThat(Json.MAPPER.readTree(history.get(1).figures()).path("entriesAfter").size()).isEqualTo(2);
        assertThat(f.historyChanges).isEqualTo(3);

        wizard.next();
        assertThat(wizard.finishedProperty().get()).isTrue();
    }

    @Test
    void aConflictMustBeDecidedAndTheChosenDeviceDataWins() throws Exception {
        f.conflictAt(9);
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.REVIEW);
        assertThat(wizard.reviewStep().conflictRows()).singleElement().satisfies(r -> {
            assertThat(r.firstBlock()).isEqualTo(9);
            assertThat(r.range().sides()).hasSize(2);
        });
        assertThat(wizard.canGoNextProperty().get()).as("an undecided conflict blocks the repair").isFalse();

        PlanRow conflict = wizard.reviewStep().conflictRows().get(0);
        wizard.reviewStep().choose(conflict.index(), ConflictChoice.prefer(f.uuidB));
        assertThat(wizard.canGoNextProperty().get()).isTrue();
        assertThat(wizard.reviewStep().planRows()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(f.uuidB);
            assertThat(r.targets()).containsExactly(f.uuidA);
        });

        wizard.next();
        wizard.confirmStep().confirmedProperty().set(true);
        wizard.next();
        wizard.next();
        assertThat(wizard.reportStep().reportProperty().get().result()).isEqualTo("repaired, verified identical");
        assertThat(wizard.reportStep().reportProperty().get().decisions()).containsEntry("9", "Keep device-b");
        wizard.close();
        assertThat(f.block(f.uuidA, 9)).isEqualTo(WorkflowFixture.filled(4096, (byte) 2));
    }

    @Test
    void aConflictLeftForLaterKeepsItsEntriesAndIsReported() throws Exception {
        f.conflictAt(3);
        f.offlineWindow(5, 11);
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        wizard.next();
        wizard.reviewStep().chooseForAll(ConflictChoice.LEAVE);
        assertThat(wizard.reviewStep().planProperty().get().conflictsLeft()).isEqualTo(1);
        wizard.next();
        wizard.confirmStep().confirmedProperty().set(true);
        wizard.next();
        assertThat(wizard.repairStep().reportProperty().get().conflictsLeft()).isEqualTo(1);
        wizard.verifyStep().fullProperty().set(false);
        assertThat(wizard.nextLabelProperty().get()).isEqualTo("Skip to report");
        wizard.next();
        assertThat(wizard.reportStep().reportProperty().get().result()).isEqualTo("repaired, 1 conflict left");
        assertThat(wizard.reportStep().reportProperty().get().verify()).isNull();

        RepairWizardViewModel again = new RepairWizardViewModel(f.access, f.work, dir -> 1L << 40, () -> { });
        wizard.close();
        again.start(WorkflowFixture.MIRROR);
        again.next();
        again.next();
        assertThat(again.reviewStep().planRows()).as("only the conflict is left").singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.CONFLICT));
        again.close();
    }

    @Test
    void aMirrorInUseElsewhereFailsTheChecksWithWhatToDo() throws Exception {
        try (MirrorLease held = f.access.lease(WorkflowFixture.MIRROR, "a workload replay")) {
            wizard.start(WorkflowFixture.MIRROR);
            wizard.next();
            assertThat(wizard.preCheckStep().checks()).singleElement().satisfies(c -> {
                assertThat(c.blocks()).isTrue();
                assertThat(c.detail()).contains("in use by a workload replay");
                assertThat(c.advice()).isNotEmpty();
            });
            assertThat(wizard.canGoNextProperty().get()).isFalse();
        }
        wizard.runChecks();
        assertThat(wizard.preCheckStep().checks()).noneMatch(PreCheck::blocks);
    }

    @Test
    void anOfflineDeviceFailsTheChecksUntilItIsBroughtBack() throws Exception {
        try (MirrorLease lease = f.access.lease(WorkflowFixture.MIRROR, "a test")) {
            lease.mirror().takeOffline(f.uuidB, "unplugged");
        }
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        PreCheck offline = wizard.preCheckStep().checks().stream().filter(PreCheck::blocks).findFirst().orElseThrow();
        assertThat(offline.offlineDevice()).isEqualTo(f.uuidB);
        assertThat(offline.detail()).contains("unplugged");

        wizard.preCheckStep().bringOnline(f.uuidB);
        assertThat(wizard.preCheckStep().checks()).noneMatch(PreCheck::blocks);
        assertThat(wizard.canGoNextProperty().get()).isTrue();
    }

    @Test
    void aDeviceWhoseObjectIsLostFailsTheChecksWithTheWayToRebuildItNotABringOnlineButton() throws Exception {
        try (java.util.stream.Stream<Path> objects = Files.list(f.deviceB.resolve("objects"))) {
            Files.delete(objects.findFirst().orElseThrow());
        }
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        PreCheck lost = wizard.preCheckStep().checks().stream().filter(PreCheck::blocks).findFirst().orElseThrow();
        assertThat(lost.offlineDevice()).as("bringing it online cannot help").isNull();
        assertThat(lost.detail()).contains("is missing on device " + f.deviceB);
        assertThat(lost.advice()).contains("tagmirror repair " + WorkflowFixture.MIRROR + " --yes");
    }

    @Test
    void tooLittleSpaceOnATargetBlocksTheRepair() throws Exception {
        f.offlineWindow(30, 3);
        RepairWizardViewModel tight = new RepairWizardViewModel(f.access, f.work,
                dir -> PreChecks.MIN_FREE_BYTES + 4096, () -> { });
        tight.start(WorkflowFixture.MIRROR);
        tight.next();
        assertThat(tight.preCheckStep().checks()).noneMatch(PreCheck::blocks);
        tight.next();
        assertThat(tight.reviewStep().spaceChecks()).anySatisfy(c -> {
            assertThat(c.blocks()).isTrue();
            assertThat(c.title()).startsWith("device-b");
        });
        assertThat(tight.canGoNextProperty().get()).isFalse();
        tight.close();
    }

    @Test
    void theDryRunReportSaysWhatWouldBeCopiedAndChangesNothing() throws Exception {
        TreeSet<Long> missed = f.offlineWindow(10, 5);
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        wizard.next();
        Path file = tmp.resolve("dry-run.json");
        wizard.saveDryRun(file);
        var json = Json.MAPPER.readTree(Files.readString(file));
        assertThat(json.path("dryRun").asBoolean()).isTrue();
        assertThat(json.path("bytesToWrite").asLong()).isEqualTo(missed.size() * 4096L);
        assertThat(json.path("plan").size()).isEqualTo(wizard.reviewStep().planRows().size());
        assertThat(json.path("alternatives").size()).isEqualTo(4);
        assertThat(json.path("overwrites").get(0).asText()).startsWith("device-b: ");
        assertThat(f.workspace().history(null, 10)).extracting(Workspace.HistoryEntry::kind).containsExactly("compare");
    }

    @Test
    void backReleasesTheMirrorOnlyBeforeTheCompare() throws Exception {
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        assertThat(f.access.holder(WorkflowFixture.MIRROR)).contains("the repair wizard");
        wizard.back();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.CHOOSE);
        assertThat(f.access.holder(WorkflowFixture.MIRROR)).isEmpty();
    }

    @Test
    void theListsItHandsOutAreReadOnlyAndFollowTheSteps() throws Exception {
        f.offlineWindow(5, 3);
        wizard.start(WorkflowFixture.MIRROR);
        wizard.next();
        wizard.next();
        assertThat(wizard.getStep()).isEqualTo(WizardStep.REVIEW);
        assertThat(wizard.reviewStep().planRows()).isNotEmpty();
        assertThat(wizard.preCheckStep().checks()).isNotEmpty();
        assertThat(wizard.chooseStep().mirrors()).containsExactly(WorkflowFixture.MIRROR);
        for (List<?> list : List.of(wizard.chooseStep().mirrors(), wizard.preCheckStep().checks(), wizard.reviewStep().planRows(), wizard.reviewStep().conflictRows(),
                wizard.reviewStep().spaceChecks())) {
            assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        }
        List<Workspace.HistoryEntry> history = f.workspace().history(WorkflowFixture.MIRROR, 10);
        assertThat(history).extracting(Workspace.HistoryEntry::kind).containsExactly("compare");
        assertThat(history.get(0).result()).isEqualTo("diverged");
    }
}
