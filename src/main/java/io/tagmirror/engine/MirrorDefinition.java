package io.tagmirror.engine;

import java.util.List;
import java.util.UUID;

/**
 * What a mirror is: stored in every member device's {@code device.json}, so a mirror can be
 * re-assembled from its devices alone.
 *
 * <p>{@code devices} lists the members by role: a replacement takes the role (the position) of the
 * member it replaces. {@code generation} counts membership changes, as md's event count and DRBD's
 * generation UUIDs do: a device that still records an older generation missed a change, and one that
 * a newer generation no longer lists was replaced (see {@link Membership}). Descriptors written
 * before generations existed read as generation 0.
 */
public record MirrorDefinition(String name, UUID uuid, int blockSize, long sizeBlocks, String objectId,
                               List<UUID> devices, long generation, IntentExtents intents) {
    /** The generation of a mirror just created. */
    public static final long FIRST_GENERATION = 1;

    /** Definitions written before intent extents existed read with the default set. */
    public MirrorDefinition {
        devices = List.copyOf(devices);
        intents = intents == null ? IntentExtents.DEFAULT : intents;
    }

    /** A definition with the default intent set. */
    public MirrorDefinition(String name, UUID uuid, int blockSize, long sizeBlocks, String objectId, List<UUID> devices,
                            long generation) {
        this(name, uuid, blockSize, sizeBlocks, objectId, devices, generation, IntentExtents.DEFAULT);
    }

    public long sizeBytes() {
        return sizeBlocks * blockSize;
    }

    /** The next generation: {@code members} in place of the current ones. */
    public MirrorDefinition withMembers(List<UUID> members) {
        return new MirrorDefinition(name, uuid, blockSize, sizeBlocks, objectId, members, generation + 1, intents);
    }
}
