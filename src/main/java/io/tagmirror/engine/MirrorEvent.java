package io.tagmirror.engine;

import java.util.UUID;

/** Something that changed a mirror's state, for the console's views and the command line's log. */
public record MirrorEvent(Kind kind, String mirror, UUID device, String message) {
    /**
     * What happened. {@code MISSED_WRITES} names a member that is not online when a write goes on
     * without it, once per membership change, before that write's data is issued. {@code LOG_INCOMPLETE}
     * names a member whose tag log of fixed room (a block device's) filled while no flush could trim it
     * (a member was away or not yet repaired): it stops naming every write, so the next compare reads
     * the whole volume; told once, when a write finds it so, until a repair or a flush of the whole
     * mirror makes the log complete again.
     */
    public enum Kind { DEVICE_OFFLINE, DEVICE_FAILED, DEVICE_ONLINE, FLUSHED, TRIMMED, REPAIRED, WRITE, RESYNC_STARTED, RESYNCED,
        MISSED_WRITES, LOG_INCOMPLETE }

    /**
     * Receives mirror events; called on the thread that caused them, so it must be quick. A trim for
     * log room beside the writes runs on a thread of its own ({@code tagmirror-log-room-*}): a listener
     * must not close or abandon the mirror from there, since both wait for that trim to end.
     */
    @FunctionalInterface
    public interface Listener {
        void onEvent(MirrorEvent event);
    }
}
