package io.tagmirror.console.mirrors;

import io.tagmirror.serve.ServedClient;
import java.util.List;
import java.util.Map;

/**
 * Read and write rates and mean latency of a served mirror between two snapshots of its clients:
 * only clients present in both count, so one that connected or left in between adds no jump.
 *
 * @param readBytesPerSecond bytes read per second
 * @param writeBytesPerSecond bytes written per second
 * @param meanLatencyMicros mean time from a request's arrival to its reply, or -1 when none was answered
 */
public record ServeRates(double readBytesPerSecond, double writeBytesPerSecond, double meanLatencyMicros) {

    public static final ServeRates IDLE = new ServeRates(0, 0, -1);

    /** The rates from {@code before} (clients by id) to {@code now}, {@code nanos} apart. */
    public static ServeRates between(Map<Long, ServedClient> before, List<ServedClient> now, long nanos) {
        if (nanos <= 0) {
            return IDLE;
        }
        long read = 0;
        long written = 0;
        long answered = 0;
        long latency = 0;
        for (ServedClient c : now) {
            ServedClient was = before.get(c.id());
            if (was != null) {
                read += c.bytesRead() - was.bytesRead();
                written += c.bytesWritten() - was.bytesWritten();
                answered += c.answered() - was.answered();
                latency += c.latencyNanos() - was.latencyNanos();
            }
        }
        double seconds = nanos / 1e9;
        return new ServeRates(read / seconds, written / seconds, answered == 0 ? -1 : latency / 1e3 / answered);
    }
}
