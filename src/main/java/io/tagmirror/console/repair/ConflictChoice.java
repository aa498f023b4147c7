package io.tagmirror.console.repair;

import io.tagmirror.operations.RangeChoice;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * How the administrator settles one conflict: not yet, not in this repair, by the newest sequence, or
 * by keeping one device's data. The review needs the first two apart (only an undecided range holds
 * the repair back); the repair operation takes the last two as its {@link RangeChoice}.
 *
 * @param kind which of those
 * @param device the device whose data is kept, for {@link Kind#PREFER_DEVICE} only
 */
public record ConflictChoice(Kind kind, UUID device) {

    /** The closed set of choices. */
    public enum Kind { UNDECIDED, LEAVE, NEWEST_SEQUENCE, PREFER_DEVICE }

    public static final ConflictChoice UNDECIDED = new ConflictChoice(Kind.UNDECIDED, null);
    public static final ConflictChoice LEAVE = new ConflictChoice(Kind.LEAVE, null);
    public static final ConflictChoice NEWEST_SEQUENCE = new ConflictChoice(Kind.NEWEST_SEQUENCE, null);

    public ConflictChoice {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.PREFER_DEVICE) != (device != null)) {
            throw new IllegalArgumentException("a device is given exactly for the prefer choice");
        }
    }

    /** Keep {@code device}'s data and copy it onto the others. */
    public static ConflictChoice prefer(UUID device) {
        return new ConflictChoice(Kind.PREFER_DEVICE, Objects.requireNonNull(device, "device"));
    }

    /** Whether this choice copies something. */
    public boolean decides() {
        return kind == Kind.NEWEST_SEQUENCE || kind == Kind.PREFER_DEVICE;
    }

    /** The operation's choice this one makes, or empty when the range is left (undecided or on purpose). */
    public Optional<RangeChoice> rangeChoice() {
        return switch (kind) {
            case UNDECIDED, LEAVE -> Optional.empty();
            case NEWEST_SEQUENCE -> Optional.of(RangeChoice.NEWEST_SEQUENCE);
            case PREFER_DEVICE -> Optional.of(RangeChoice.keep(device));
        };
    }

    /** The choice in words, naming devices by {@code names}. */
    public String describe(Map<UUID, String> names) {
        return switch (kind) {
            case UNDECIDED -> "Undecided";
            case LEAVE -> "Leave for later";
            case NEWEST_SEQUENCE -> "Highest sequence";
            case PREFER_DEVICE -> "Keep " + names.getOrDefault(device, device.toString());
        };
    }
}
