package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.disks.DiskSurvey;
import io.tagmirror.operations.disks.FakeSystemTree;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disks part of the drives screen without a toolkit: surveys read inline from a made-up tree. */
class DisksViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void aRefreshListsTheDisksAndKeepsTheSelectionByNameAcrossReads() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp);
        DiskSurvey survey = new DiskSurvey(fake.tree());
        DisksViewModel model = new DisksViewModel(() -> survey.read(Map.of()), new DirectTaskRunner());
        assertThat(model.disks()).isEmpty();

        model.refreshIfNeverLoaded();
        assertThat(model.disks()).extracting(SurveyedDrive::name).containsExactly("sda", "sdb", "sdc", "sdd",
                "loop1", "dm-0");
        assertThat(model.summaryProperty().get()).isEqualTo("6 disks, 4 partitions");

        model.selectedProperty().set(model.find("sda10"));
        fake.mount("8:10", "/dev/sda10", "/mnt/stick", "vfat");
        model.refresh();

        SurveyedDrive selected = model.selectedProperty().get();
        assertThat(selected.name()).isEqualTo("sda10");
        assertThat(selected.usedBy()).as("the selection is the drive as read now").isEqualTo("mounted at /mnt/stick");
    }

    @Test
    void aSurveyThatFailsIsSaidInTheSummaryAndTheDisksReadBeforeStay() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp);
        DiskSurvey survey = new DiskSurvey(fake.tree());
        AtomicInteger reads = new AtomicInteger();
        DisksViewModel model = new DisksViewModel(() -> {
            if (reads.incrementAndGet() > 1) {
                throw new TagMirrorException("/sys/block cannot be read");
            }
            return survey.read(Map.of());
        }, new DirectTaskRunner());
        model.refresh();
        model.refresh();

        assertThat(model.summaryProperty().get()).isEqualTo("Could not read the disks: /sys/block cannot be read");
        assertThat(model.disks()).hasSize(6);
        assertThat(model.loadingProperty().get()).isFalse();
    }

    @Test
    void aChangeSeenBeforeTheScreenShowedTheDisksReadsNothing() {
        AtomicInteger reads = new AtomicInteger();
        DisksViewModel model = new DisksViewModel(() -> {
            reads.incrementAndGet();
            return java.util.List.of();
        }, new DirectTaskRunner());

        model.refreshIfEverLoaded();
        assertThat(reads).hasValue(0);
        model.refreshIfNeverLoaded();
        model.refreshIfNeverLoaded();
        model.refreshIfEverLoaded();
        assertThat(reads).hasValue(2);
    }
}
