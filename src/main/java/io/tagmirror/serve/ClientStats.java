package io.tagmirror.serve;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one client, bumped by its threads and read by whoever shows them (the console's charts). */
final class ClientStats {
    final LongAdder reads = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder flushes = new LongAdder();
    final LongAdder errors = new LongAdder();
    /** Nanoseconds from a request's header read to its reply ready to be written, summed over requests answered. */
    final LongAdder latencyNanos = new LongAdder();
    final LongAdder answered = new LongAdder();

    ServedClient snapshot(long id, String remote, Instant connected, boolean tls) {
        return new ServedClient(id, remote, connected, tls, reads.sum(), bytesRead.sum(), writes.sum(),
                bytesWritten.sum(), flushes.sum(), errors.sum(), answered.sum(), latencyNanos.sum());
    }
}
