package io.tagmirror.console.mirrors;

import java.util.UUID;

/**
 * One device of a mirror as the mirrors screen lists it.
 *
 * @param uuid the device
 * @param location where it is
 * @param online whether the mirror sends it writes
 * @param stale whether it came back after missing writes and awaits a repair
 * @param offlineReason why it is offline, or null
 * @param entries entries in its tag table, or -1 when it cannot be read
 */
public record MemberRow(UUID uuid, String location, boolean online, boolean stale, String offlineReason, long entries) {

    /** "online", "online · missed writes" or "offline: demo outage". */
    public String describeState() {
        if (online) {
            return stale ? "online · missed writes, awaits repair" : "online";
        }
        return offlineReason == null ? "offline" : "offline: " + offlineReason;
    }
}
