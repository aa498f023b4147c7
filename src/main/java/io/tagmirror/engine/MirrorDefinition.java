package io.tagmirror.engine;

import java.util.List;
import java.util.UUID;

/**
 * What a mirror is: stored in every member device's {@code device.json}, so a mirror can be
 * re-assembled from its devices alone.
 */
public record MirrorDefinition(String name, UUID uuid, int blockSize, long sizeBlocks, String objectId,
                               List<UUID> devices) {
    public MirrorDefinition {
        devices = List.copyOf(devices);
    }

    public long sizeBytes() {
        return sizeBlocks * blockSize;
    }
}
