package io.tagmirror.engine;

import java.util.UUID;

/** One device of a mirror as the mirror sees it. */
public record MemberStatus(UUID device, String location, boolean online, boolean stale, String offlineReason,
                           long entries, long lengthBlocks) {
}
