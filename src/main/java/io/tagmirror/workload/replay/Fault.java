package io.tagmirror.workload.replay;

import java.nio.file.Path;
import java.util.UUID;

/**
 * One fault a replay injects, at a write number (writes and appends are numbered from 0 in trace
 * order; flushes and reads are not numbered).
 *
 * <p>A device is named by its directory as the administrator typed it; {@code uuid} is null until
 * {@link FaultPlan#resolve} looked it up.
 */
public sealed interface Fault permits Fault.CrashAfter, Fault.Offline, Fault.Tear {

    /** The write number at which the fault first acts. */
    long write();

    /** The host stops in the middle of write {@code write}: its entry reaches every device, its data only the first. */
    record CrashAfter(long write) implements Fault {
        public CrashAfter {
            if (write < 0) {
                throw new IllegalArgumentException("a write number is 0 or more: " + write);
            }
        }
    }

    /** The device misses writes {@code from} to {@code to - 1}: offline before write {@code from}, back before {@code to}. */
    record Offline(Path device, UUID uuid, long from, long to) implements Fault {
        public Offline {
            if (device == null || from < 0 || to <= from) {
                throw new IllegalArgumentException("an offline window needs a device and 0 <= from < to: " + from + ".." + to);
            }
        }

        @Override
        public long write() {
            return from;
        }

        /** Whether write {@code n} falls in the window, so the device misses it. */
        public boolean covers(long n) {
            return n >= from && n < to;
        }

        Offline withUuid(UUID id) {
            return new Offline(device, id, from, to);
        }
    }

    /** Write {@code write} lands only partly on the device: the second half of its bytes keeps the old content. */
    record Tear(long write, Path device, UUID uuid) implements Fault {
        public Tear {
            if (device == null || write < 0) {
                throw new IllegalArgumentException("a tear needs a device and a write number of 0 or more: " + write);
            }
        }

        Tear withUuid(UUID id) {
            return new Tear(write, device, id);
        }
    }
}
