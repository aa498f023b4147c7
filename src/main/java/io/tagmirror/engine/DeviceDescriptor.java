package io.tagmirror.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The contents of a device's {@code device.json}: its identity, geometry and the mirrors it belongs to. */
public record DeviceDescriptor(int formatVersion, UUID uuid, int blockSize, String created,
                               List<MirrorDefinition> mirrors) {
    /** The on-device format this TagMirror writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public DeviceDescriptor {
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }

    public Optional<MirrorDefinition> mirror(String name) {
        return mirrors.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public DeviceDescriptor withMirror(MirrorDefinition definition) {
        List<MirrorDefinition> next = new ArrayList<>();
        for (MirrorDefinition m : mirrors) {
            if (!m.uuid().equals(definition.uuid())) {
                next.add(m);
            }
        }
        next.add(definition);
        return new DeviceDescriptor(formatVersion, uuid, blockSize, created, next);
    }

    public DeviceDescriptor withoutMirror(UUID mirrorUuid) {
        List<MirrorDefinition> next = new ArrayList<>(mirrors);
        next.removeIf(m -> m.uuid().equals(mirrorUuid));
        return new DeviceDescriptor(formatVersion, uuid, blockSize, created, next);
    }
}
