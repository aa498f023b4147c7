package io.tagmirror.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync of the tag log runs beside the appends (the background sync of power-safe entries): it holds
 * the log only to read where it ends, so a writer at depth 1 never waits for an fsync it did not ask
 * for, and a rewrite that replaces the channel meanwhile leaves the old one to the sync to close
 * instead of pulling it away.
 */
class LogSyncTest {
    /** Bounds a wait that only a regression makes long; a passing run never waits for it. */
    private static final long STUCK_SECONDS = 20;

    @TempDir
    Path tmp;

    /** A log in a file whose fsyncs wait at a gate, and that notes a channel closed while it forced. */
    private static final class GatedPlace implements LogPlace {
        final FileLogPlace file;
        final CountDownLatch forcing = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicBoolean gated = new AtomicBoolean();
        final AtomicBoolean closedUnderForce = new AtomicBoolean();

        GatedPlace(Path path, long rewriteMinBytes) {
            this.file = new FileLogPlace(path, rewriteMinBytes);
        }

        @Override
        public ObjectChannel open(boolean readOnly) throws IOException {
            AtomicBoolean inForce = new AtomicBoolean();
            return new ForwardingObjectChannel(file.open(readOnly)) {
                @Override
                public void force() throws IOException {
                    inForce.set(true);
                    try {
                        if (gated.get()) {
                            forcing.countDown();
                            awaitQuietly(gate);
                        }
                        real.force();
                    } finally {
                        inForce.set(false);
                    }
                }

                @Override
                public void close() throws IOException {
                    if (inForce.get()) {
                        closedUnderForce.set(true);
                    }
                    real.close();
                }
            };
        }

        @Override
        public String name() {
            return file.name();
        }

        @Override
        public String owner() {
            return file.owner();
        }

        @Override
        public boolean exists() {
            return file.exists();
        }

        @Override
        public Object identity() throws IOException {
            return file.identity();
        }

        @Override
        public ObjectChannel beginRewrite() throws IOException {
            return file.beginRewrite();
        }

        @Override
        public void commitRewrite() throws IOException {
            file.commitRewrite();
        }

        @Override
        public long rewriteMinBytes() {
            return file.rewriteMinBytes();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(STUCK_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test's gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TagEntry entry(long seq, long block) {
        return new TagEntry(new Tag(1, seq), "obj", EntryKind.BLOCKS, block, 1, (int) (seq * 31 + block));
    }

    private static List<TagEntry> all(LogTagTable t) throws IOException {
        List<TagEntry> out = new ArrayList<>();
        t.scan((b, e) -> out.add(e));
        return out;
    }

    private LogTagTable open(GatedPlace place, UUID uuid) throws IOException {
        LogTagTable t = LogTagTable.open(place, uuid, false);
        t.setDurability(DurabilityMode.CRASH_SAFE); // as the write pipeline keeps it: appends are not synced one by one
        return t;
    }

    @Test
    void anAppendGoesOnWhileAnotherThreadSyncsTheLog() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path path = tmp.resolve("tags.log");
        LogTagTable.create(path, uuid);
        GatedPlace place = new GatedPlace(path, LogTagTable.DEFAULT_REWRITE_MIN_BYTES);
        try (LogTagTable t = open(place, uuid)) {
            t.append(List.of(entry(0, 0)));
            place.gated.set(true);
            CompletableFuture<Void> sync = CompletableFuture.runAsync(() -> {
                try {
                    t.sync();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            awaitQuietly(place.forcing);
            // The fsync is in progress and stays so until the gate opens: the append must not wait for it.
            CompletableFuture<Long> append = CompletableFuture.supplyAsync(() -> {
                try {
                    return t.append(List.of(entry(1, 1)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                assertThat(append.get(STUCK_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
                assertThat(sync).isNotDone();
            } finally {
                place.gate.countDown();
            }
            sync.get(STUCK_SECONDS, TimeUnit.SECONDS);
            assertThat(all(t)).containsExactly(entry(0, 0), entry(1, 1));
        }
    }

    @Test
    void aRewriteDuringASyncLeavesTheOldChannelToTheSyncToClose() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path path = tmp.resolve("tags.log");
        LogTagTable.create(path, uuid);
        GatedPlace place = new GatedPlace(path, 4096);
        try (LogTagTable t = open(place, uuid)) {
            long last = 0;
            for (int i = 0; i < 200; i++) {
                last = t.append(List.of(entry(i, i)));
            }
            place.gated.set(true);
            CompletableFuture<Void> sync = CompletableFuture.runAsync(() -> {
                try {
                    t.sync();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            awaitQuietly(place.forcing);
            // Everything but the last batch trimmed: the log is mostly dead and past its minimum, so rewritten.
            long upTo = last - 1;
            Thread trimmer = new Thread(() -> {
                try {
                    t.trim(0, upTo);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "test-trimmer");
            trimmer.start();
            // Open the gate once the trim has finished its rewrite (or, were the sync to hold the log
            // throughout, waits for the log).
            while (trimmer.isAlive() && trimmer.getState() != Thread.State.WAITING
                    && trimmer.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            place.gate.countDown();
            sync.get(STUCK_SECONDS, TimeUnit.SECONDS);
            trimmer.join(TimeUnit.SECONDS.toMillis(STUCK_SECONDS));
            assertThat(place.closedUnderForce).as("the channel was closed while it was being synced").isFalse();
            assertThat(t.fileBytes()).as("rewritten").isLessThan(1000);
            assertThat(all(t)).containsExactly(entry(199, 199));
        }
        try (LogTagTable t = LogTagTable.open(path, uuid, true)) {
            assertThat(all(t)).containsExactly(entry(199, 199));
        }
    }
}
