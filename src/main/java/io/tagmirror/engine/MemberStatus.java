package io.tagmirror.engine;

import java.util.UUID;

/**
 * One device of a mirror as the mirror sees it.
 *
 * @param stale its data cannot be judged by its entries alone: it came back in this session after
 *              missing writes, or it {@code needsScrub}
 * @param needsScrub recorded on the device itself (its tag table was reset, or it replaced a member):
 *                   only a scrub settles it, in any session
 * @param entries the entries its tag table holds for this mirror (a device may serve several)
 */
public record MemberStatus(UUID device, String location, boolean online, boolean stale, String offlineReason,
                           long entries, long lengthBlocks, boolean needsScrub) {
}
