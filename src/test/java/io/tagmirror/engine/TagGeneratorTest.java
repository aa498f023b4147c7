package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TagGeneratorTest {
    /** Reservations kept in memory: what was made durable, and whether the next one fails. */
    private static final class Durable implements TagGenerator.Reservations {
        final AtomicLong until = new AtomicLong(100);
        final AtomicBoolean failNext = new AtomicBoolean();
        int made;

        @Override
        public long reserved(long generatorId) {
            return until.get();
        }

        @Override
        public synchronized void reserve(long generatorId, long until) throws IOException {
            if (failNext.getAndSet(false)) {
                throw new IOException("disk full");
            }
            assertThat(until).isGreaterThan(this.until.get());
            this.until.set(until);
            made++;
        }
    }

    @Test
    void sixteenThreadsGetEverySequenceOnceAndNoneBeforeItIsReserved() throws Exception {
        Durable durable = new Durable();
        TagGenerator g = new TagGenerator(7, durable);
        int perThread = (int) (TagGenerator.RESERVATION / 4);
        ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        Tag tag = g.next();
                        // durable before the tag is handed out: a restart can never give it again
                        if (tag.sequence() >= durable.until.get() || seen.put(tag.sequence(), true) != null) {
                            failure.compareAndSet(null, new AssertionError("sequence " + tag.sequence()));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(seen).hasSize(16 * perThread);
        assertThat(seen.keySet().stream().mapToLong(Long::longValue).min().getAsLong()).isEqualTo(100);
        assertThat(seen.keySet().stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(100 + 16L * perThread - 1);
        assertThat(g.peek()).isEqualTo(100 + 16L * perThread);
        // one reservation per RESERVATION sequences, give or take the first
        assertThat(durable.made).isBetween(4, 5);
    }

    @Test
    void aReservationThatFailsFailsTheTagAndTheNextCallReservesAgain() throws IOException {
        Durable durable = new Durable();
        TagGenerator g = new TagGenerator(3, durable);
        durable.failNext.set(true);
        assertThatThrownBy(g::next).isInstanceOf(IOException.class).hasMessage("disk full");
        Tag tag = g.next();
        assertThat(tag.sequence()).isLessThan(durable.until.get());
        assertThat(tag.generatorId()).isEqualTo(3);
    }
}
