package io.tagmirror.console.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.workflow.WorkflowFixture;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device whose object was lost is rebuilt from the wizard's pre-checks, as the command line's repair starts with. */
class PreCheckRebuildTest {

    @TempDir
    Path tmp;

    private WorkflowFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = WorkflowFixture.create(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void aLostObjectIsOfferedARebuildWhichFillsTheDeviceSoTheChecksPassAndIsKeptInTheHistory() throws Exception {
        try (Stream<Path> objects = Files.list(f.deviceB.resolve("objects"))) {
            Files.delete(objects.findFirst().orElseThrow());
        }
        PreCheckStep checks = new PreCheckStep(f.access, new WizardWork(f.work), dir -> 1L << 40, f.historyCounter());
        checks.run(WorkflowFixture.MIRROR);
        PreCheck lost = checks.checks().stream().filter(PreCheck::blocks).findFirst().orElseThrow();
        assertThat(lost.lostDevice()).isEqualTo(f.uuidB);
        assertThat(lost.offlineDevice()).isNull();
        assertThat(lost.advice()).startsWith("Rebuild it here or with 'tagmirror repair " + WorkflowFixture.MIRROR + " --yes'");

        checks.rebuild(f.uuidB);

        assertThat(checks.passed()).isTrue();
        assertThat(f.workspace().history(WorkflowFixture.MIRROR, 10)).extracting(Workspace.HistoryEntry::result)
                .containsExactly("rebuilt");
        assertThat(f.historyChanges).isOne();
        try (Stream<Path> objects = Files.list(f.deviceB.resolve("objects"))) {
            assertThat(objects.count()).as("its object is back").isOne();
        }
        checks.release();
    }
}
