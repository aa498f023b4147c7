package io.tagmirror.engine;

import io.tagmirror.engine.compare.MirrorAccess;
import java.util.UUID;

/** A mirror's view of one of its devices: whether it takes writes and what it may have missed. */
final class MirrorMember implements MirrorAccess.Member {
    final UUID uuid;
    final Device device;
    final StorageObject object;
    volatile boolean online;
    /** Came back after missing writes; its data is suspect until a repair. */
    volatile boolean stale;
    volatile String offlineReason;
    /** Batches up to this id hold entries from before this session (or before a repair): never trimmed by flush. */
    volatile long protectedUpTo;

    MirrorMember(UUID uuid, Device device, StorageObject object, long protectedUpTo) {
        this.uuid = uuid;
        this.device = device;
        this.object = object;
        this.online = device != null;
        this.offlineReason = device == null ? "not found" : null;
        this.protectedUpTo = protectedUpTo;
    }

    @Override
    public UUID uuid() {
        return uuid;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public StorageObject object() {
        return object;
    }

    @Override
    public boolean online() {
        return online;
    }

    @Override
    public boolean stale() {
        return stale;
    }

    @Override
    public String offlineReason() {
        return offlineReason;
    }

    @Override
    public String location() {
        return device == null ? uuid.toString() : device.location();
    }
}
