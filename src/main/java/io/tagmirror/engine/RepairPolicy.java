package io.tagmirror.engine;

import java.util.UUID;

/**
 * How a repair settles conflicts: not at all (they are left for the administrator), by the highest
 * sequence (meaningful within one generator; across generators it is an explicit, arbitrary choice),
 * or by preferring one device's data.
 */
public record RepairPolicy(Kind kind, UUID preferDevice) {
    /** The closed set of policies. */
    public enum Kind { NONE, NEWEST_SEQUENCE, PREFER_DEVICE }

    public static final RepairPolicy NONE = new RepairPolicy(Kind.NONE, null);
    public static final RepairPolicy NEWEST_SEQUENCE = new RepairPolicy(Kind.NEWEST_SEQUENCE, null);

    public static RepairPolicy prefer(UUID device) {
        return new RepairPolicy(Kind.PREFER_DEVICE, device);
    }

    public RepairPolicy {
        if ((kind == Kind.PREFER_DEVICE) != (preferDevice != null)) {
            throw new IllegalArgumentException("a device is given exactly for the prefer policy");
        }
    }
}
