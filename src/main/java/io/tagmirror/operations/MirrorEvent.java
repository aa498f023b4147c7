package io.tagmirror.operations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Something an administrator is told about a mirror, as {@code mdadm --monitor} tells of an array:
 * found by comparing two {@link MirrorHealth} readings ({@link MirrorWatch}).
 *
 * @param device the member it is about, or null for the mirror as a whole
 * @param location where that member is (its path), or null
 * @param detail one sentence for the administrator, naming the way out where there is one
 */
public record MirrorEvent(Kind kind, String mirror, UUID device, String location, String detail, Instant time) {

    /** What happened. The words are a contract with the programs that receive them: never renamed. */
    public enum Kind {
        /** a member's device is there but unusable (its object lost, its tag table corrupt) */
        MEMBER_FAILED("member-failed"),
        /** a member's device is not there */
        MEMBER_OFFLINE("member-offline"),
        /** a member came back, and missed writes or holds data no entry describes */
        MEMBER_BACK_STALE("member-back-stale"),
        /** the mirror is in sync again after it was not */
        RESYNC_FINISHED("resync-finished"),
        /** a verify or scrub recorded blocks that differ between the members */
        VERIFY_DIFFERENCES("verify-differences"),
        /** a compare or repair recorded conflicts for the administrator to decide */
        CONFLICT("conflict"),
        /**
         * a member's tag log (a block device's, of fixed room) filled while a member was away: it no
         * longer names every write, so the next compare reads the whole volume
         */
        LOG_INCOMPLETE("log-incomplete");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The event's name as programs and the log receive it. */
        public String word() {
            return word;
        }

        /** Whether an administrator has something to do. */
        public boolean needsAction() {
            return this != RESYNC_FINISHED;
        }
    }

    /** The event as one JSON object's fields, the same for a program's standard input and for --json. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", kind.word());
        out.put("mirror", mirror);
        out.put("device", device == null ? null : device.toString());
        out.put("location", location);
        out.put("detail", detail);
        out.put("time", time.toString());
        return out;
    }
}
