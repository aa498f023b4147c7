package io.tagmirror.operations;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How the administrator settles one range that waits for a choice of data (a conflict, a torn newest
 * write) in a repair: by the newest sequence, or by keeping one device's data. A range with no choice
 * is left for a later repair, its entries kept.
 *
 * @param kind which of those
 * @param device the device whose data is kept, for {@link Kind#KEEP_DEVICE} only
 */
public record RangeChoice(Kind kind, UUID device) {

    /** The closed set of choices that copy something. */
    public enum Kind { NEWEST_SEQUENCE, KEEP_DEVICE }

    public static final RangeChoice NEWEST_SEQUENCE = new RangeChoice(Kind.NEWEST_SEQUENCE, null);

    public RangeChoice {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.KEEP_DEVICE) != (device != null)) {
            throw new IllegalArgumentException("a device is given exactly for the keep choice");
        }
    }

    /** Keep {@code device}'s data and copy it onto the others. */
    public static RangeChoice keep(UUID device) {
        return new RangeChoice(Kind.KEEP_DEVICE, Objects.requireNonNull(device, "device"));
    }

    /** The choice in words for the history, naming devices by where they are. */
    public String describe(Map<UUID, String> locations) {
        return kind == Kind.NEWEST_SEQUENCE ? "newest sequence"
                : "keep " + locations.getOrDefault(device, device.toString());
    }
}
