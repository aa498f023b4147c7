package io.tagmirror.console.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.console.QueuedUi;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Only the latest request's result reaches the screen; queued stale reads are not even run. */
class LatestRequestTest {

    /** A reader the test runs step by step. */
    private static final class StepReader implements Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            Runnable next;
            while ((next = queued.poll()) != null) {
                next.run();
            }
        }
    }

    private final StepReader reader = new StepReader();
    private final QueuedUi ui = new QueuedUi();
    private final LatestRequest requests = new LatestRequest("unused", reader, ui);
    private final List<String> shown = new ArrayList<>();
    private final List<String> reads = new ArrayList<>();

    private LatestRequest.Read<String> reading(String value) {
        return () -> {
            reads.add(value);
            return value;
        };
    }

    @Test
    void aNewerRequestSkipsTheQueuedOlderReadAndShowsOnlyItsOwn() {
        requests.next().read(reading("first"), shown::add, e -> shown.add("failed"));
        requests.next().read(reading("second"), shown::add, e -> shown.add("failed"));
        reader.runAll();
        ui.drain();
        assertThat(reads).containsExactly("second");
        assertThat(shown).containsExactly("second");
    }

    @Test
    void aResultThatArrivesAfterANewerRequestStartedIsDiscardedNotShown() {
        List<String> discarded = new ArrayList<>();
        requests.next().read(reading("old"), shown::add, e -> shown.add("failed"), discarded::add);
        reader.runAll();
        requests.next();
        ui.drain();
        assertThat(shown).isEmpty();
        assertThat(discarded).containsExactly("old");
    }

    @Test
    void aFailureIsShownOnlyWhileItsRequestIsTheLatest() {
        List<IOException> failures = new ArrayList<>();
        requests.next().<String>read(() -> {
            throw new IOException("gone");
        }, shown::add, failures::add);
        reader.runAll();
        ui.drain();
        assertThat(failures).extracting(Throwable::getMessage).containsExactly("gone");

        requests.next().<String>read(() -> {
            throw new IOException("late");
        }, shown::add, failures::add);
        reader.runAll();
        requests.dropAll();
        ui.drain();
        assertThat(failures).hasSize(1);
        assertThat(shown).isEmpty();
    }

    @Test
    void aJoinedRequestLeavesTheLatestRunningAndIsDroppedByTheNextOne() {
        requests.next().read(reading("rows"), shown::add, e -> shown.add("failed"));
        requests.joinLatest().read(reading("search"), shown::add, e -> shown.add("failed"));
        reader.runAll();
        ui.drain();
        assertThat(shown).containsExactly("rows", "search");

        requests.joinLatest().read(reading("stale search"), shown::add, e -> shown.add("failed"));
        requests.next().read(reading("new rows"), shown::add, e -> shown.add("failed"));
        reader.runAll();
        ui.drain();
        assertThat(shown).containsExactly("rows", "search", "new rows");
        assertThat(reads).doesNotContain("stale search");
    }

    @Test
    void dropAllMakesEveryRequestSoFarStale() {
        LatestRequest.Request request = requests.next();
        assertThat(request.isLatest()).isTrue();
        requests.dropAll();
        assertThat(request.isLatest()).isFalse();
        request.read(reading("dropped"), shown::add, e -> shown.add("failed"));
        reader.runAll();
        ui.drain();
        assertThat(reads).isEmpty();
        assertThat(shown).isEmpty();
    }

    @Test
    void ownReaderRunsInOrderOnOneNamedThread() throws Exception {
        try (LatestRequest own = new LatestRequest("tagmirror-test-reader", null, UiThread.INLINE)) {
            List<String> threads = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            own.next().read(() -> Thread.currentThread().getName(), threads::add, e -> { });
            own.reader().execute(done::countDown);
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).singleElement().asString().startsWith("tagmirror-test-reader");
        }
    }
}
