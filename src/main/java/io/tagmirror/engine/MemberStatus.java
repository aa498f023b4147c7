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
 * @param objectLost its object of this mirror is missing or shorter than the mirror: it is offline,
 *                   and its data is gone
 * @param resync how far its background resync has got while one runs, else null
 * @param intents its intent set for this mirror (power-safe writes, DESIGN §3)
 * @param tableIncomplete its tag log filled up while a member was away and stopped keeping entries:
 *                        the next compare reads the whole volume
 * @param dataRegionBytes a block device's data region (the most its mirror can be), -1 for a directory
 *                        device or one not found
 */
public record MemberStatus(UUID device, String location, boolean online, boolean stale, String offlineReason,
                           long entries, long lengthBlocks, boolean needsScrub, boolean objectLost,
                           ResyncProgress resync, IntentStatus intents, boolean tableIncomplete,
                           long dataRegionBytes) {

    public MemberStatus {
        intents = intents == null ? IntentStatus.NONE : intents;
    }

    /** A member whose table keeps every entry. */
    public MemberStatus(UUID device, String location, boolean online, boolean stale, String offlineReason,
                        long entries, long lengthBlocks, boolean needsScrub, boolean objectLost,
                        ResyncProgress resync, IntentStatus intents) {
        this(device, location, online, stale, offlineReason, entries, lengthBlocks, needsScrub, objectLost, resync,
                intents, false, -1);
    }

    /** A member no resync is running for, whose intent set is not known. */
    public MemberStatus(UUID device, String location, boolean online, boolean stale, String offlineReason,
                        long entries, long lengthBlocks, boolean needsScrub, boolean objectLost) {
        this(device, location, online, stale, offlineReason, entries, lengthBlocks, needsScrub, objectLost, null,
                IntentStatus.NONE);
    }

    /** A member no resync is running for. */
    public MemberStatus(UUID device, String location, boolean online, boolean stale, String offlineReason,
                        long entries, long lengthBlocks, boolean needsScrub, boolean objectLost, IntentStatus intents) {
        this(device, location, online, stale, offlineReason, entries, lengthBlocks, needsScrub, objectLost, null,
                intents);
    }

    /**
     * Whether no entry describes its data (its object lost, its table recreated, or it replaced a
     * member): only a copy of the whole volume onto it, not a repair of the entries, makes it whole.
     */
    public boolean needsRebuild() {
        return objectLost || needsScrub;
    }
}
