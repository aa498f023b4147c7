package io.tagmirror.console.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tagmirror.console.task.NamedThreadFactory;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.CompareReport;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.RepairPolicy;
import io.tagmirror.engine.RepairReport;
import io.tagmirror.engine.TaskMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's monitor holds a repair between steps and cancels it there, leaving what a compare picks up. */
class PauseAndCancelTest {

    @TempDir
    Path tmp;

    @Test
    void aPausedRepairWaitsAtAStepBoundaryAndGoesOnWhenResumed() throws Exception {
        ExecutorService engine = Executors.newSingleThreadExecutor(new NamedThreadFactory("test-repair"));
        try (WorkflowFixture f = WorkflowFixture.create(tmp); MirrorLease lease = f.access.lease("lab", "a test")) {
            f.offlineWindowOn(lease, 50, 1);
            Mirror m = lease.mirror();
            CompareReport report = m.compare(TaskMonitor.NONE);
            WorkflowMonitor monitor = new WorkflowMonitor(new ProgressMeter(), UiThread.INLINE, s -> { });
            monitor.pause();
            Future<RepairReport> repair = engine.submit(() -> m.repair(report, RepairPolicy.NONE, monitor));
            await().atMost(Duration.ofMinutes(1)).until(PauseAndCancelTest::repairWaitsInItsMonitor);
            assertThat(repair).as("held at its first step").isNotDone();
            assertThat(monitor.snapshot().phase()).isEmpty();
            monitor.resume();
            RepairReport done = repair.get(30, TimeUnit.SECONDS);
            assertThat(done.cancelled()).isFalse();
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
        } finally {
            engine.shutdown();
        }
    }

    @Test
    void aCancelledRepairDeletesNoEntrySoTheNextCompareFindsWhatIsLeft() throws Exception {
        try (WorkflowFixture f = WorkflowFixture.create(tmp); MirrorLease lease = f.access.lease("lab", "a test")) {
            f.offlineWindowOn(lease, 60, 2);
            Mirror m = lease.mirror();
            CompareReport report = m.compare(TaskMonitor.NONE);
            int ranges = report.divergent().size();
            AtomicInteger reports = new AtomicInteger();
            WorkflowMonitor[] monitor = new WorkflowMonitor[1];
            monitor[0] = new WorkflowMonitor(new ProgressMeter(), UiThread.INLINE, s -> {
                if (reports.incrementAndGet() == 5) {
                    monitor[0].cancel();
                }
            });
            RepairReport cancelled = m.repair(report, RepairPolicy.NONE, monitor[0]);
            assertThat(cancelled.cancelled()).isTrue();
            assertThat(cancelled.entriesDeleted()).isZero();
            assertThat(cancelled.rangesCopied()).isBetween(1, ranges - 1);

            CompareReport again = m.compare(TaskMonitor.NONE);
            assertThat(again.divergent()).hasSize(ranges - cancelled.rangesCopied());
            m.repair(again, RepairPolicy.NONE, TaskMonitor.NONE);
            assertThat(m.verify(TaskMonitor.NONE).identical()).isTrue();
        }
    }

    /** Whether the repair's thread is parked in the paused monitor, at a step boundary. */
    private static boolean repairWaitsInItsMonitor() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("test-repair") && e.getKey().getState() == Thread.State.WAITING) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().equals(WorkflowMonitor.class.getName()) && f.getMethodName().equals("isCancelled")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
