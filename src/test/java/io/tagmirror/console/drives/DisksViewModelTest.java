package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.DirectTaskRunner;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.disks.DiskSurvey;
import io.tagmirror.operations.disks.FakeSystemTree;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
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

    /**
     * The console closes its task runner right after the shell: news of a disk change the watch queued for
     * the FX thread before it stopped, or a survey asked for while one ran, must then survey nothing (a job
     * handed to the closed runner was refused, and the refusal surfaced in whatever ran next).
     */
    @Test
    void aClosedModelSurveysNothingMoreWhateverAsksItAfterwards() {
        AtomicInteger reads = new AtomicInteger();
        List<BackgroundJob<?>> held = new ArrayList<>();
        TaskRunner holding = new TaskRunner() {
            @Override
            public <T> Future<T> submit(BackgroundJob<T> job) {
                held.add(job);
                return new CompletableFuture<>();
            }

            @Override
            public Executor executor() {
                return Runnable::run;
            }

            @Override
            public void close() {
            }
        };
        DisksViewModel model = new DisksViewModel(() -> {
            reads.incrementAndGet();
            return List.of();
        }, holding);
        model.refreshIfNeverLoaded();
        model.refreshIfEverLoaded(); // a change seen while the first survey runs: one more is asked for after it
        assertThat(held).hasSize(1);

        model.close();
        new DirectTaskRunner().submit(held.remove(0)); // the survey under way ends after the console closed
        model.refreshIfEverLoaded(); // the watch's news, queued before it stopped
        model.refresh();
        assertThat(held).isEmpty();
        assertThat(reads).hasValue(1);
    }
}
