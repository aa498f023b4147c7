package io.tagmirror.engine;

import io.tagmirror.engine.compare.MirrorAccess;
import io.tagmirror.engine.compare.ResyncTracker;
import java.util.UUID;

/** A mirror's view of one of its devices: whether it takes writes and what it may have missed. */
final class MirrorMember implements MirrorAccess.Member {
    final UUID uuid;
    final Device device;
    /** Null while the device is absent or its object is damaged; set before {@link #online} turns true. */
    volatile StorageObject object;
    volatile boolean online;
    /** Came back after missing writes; its data is suspect until a repair. */
    volatile boolean stale;
    volatile String offlineReason;
    /** What happened to the device's object when it is missing or short (the device is then offline), else null. */
    volatile ObjectDamagedException.Damage damage;
    /** Where an absent device was last known to be, for messages; null when the device is present. */
    private final String absentLocation;
    /**
     * The background resync bringing this stale member in sync, or null: reads may use the member for
     * the blocks below its watermark.
     */
    volatile ResyncTracker resync;
    /** Whether {@link MirrorEvent.Kind#LOG_INCOMPLETE} was raised for the device's log since it was last complete. */
    volatile boolean incompleteAnnounced;
    /** Batches up to this id hold entries from before this session (or before a repair): never trimmed by flush. */
    volatile long protectedUpTo;

    MirrorMember(UUID uuid, Device device, StorageObject object, long protectedUpTo) {
        this.uuid = uuid;
        this.device = device;
        this.object = object;
        this.online = device != null;
        this.offlineReason = device == null ? "not found" : null;
        this.absentLocation = null;
        this.protectedUpTo = protectedUpTo;
    }

    /** A member whose device could not be opened, with where it was and why. */
    MirrorMember(UUID uuid, UnavailableDevice absent) {
        this.uuid = uuid;
        this.device = null;
        this.object = null;
        this.online = false;
        this.offlineReason = absent.reason();
        this.absentLocation = absent.location();
        this.protectedUpTo = 0;
    }

    /** A member whose device is open but whose object is lost: offline until it is rebuilt or replaced. */
    MirrorMember(UUID uuid, Device device, ObjectDamagedException damaged, long protectedUpTo) {
        this.uuid = uuid;
        this.device = device;
        this.object = null;
        this.online = false;
        this.offlineReason = damaged.getMessage();
        this.damage = damaged.damage();
        this.absentLocation = null;
        this.protectedUpTo = protectedUpTo;
    }

    /**
     * Whether a read of blocks {@code [firstBlock, firstBlock + blockCount)} may come from this member:
     * it is online, and it missed no writes or its resync has passed those blocks.
     */
    boolean inSyncFor(long firstBlock, long blockCount) {
        if (!online) {
            return false;
        }
        if (!stale) {
            return true;
        }
        ResyncTracker r = resync;
        return r != null && r.covers(firstBlock, blockCount);
    }

    /** Stops the member's resync, if one runs: it left the mirror or missed writes again. */
    void endResync() {
        ResyncTracker r = resync;
        if (r != null) {
            r.supersede();
            resync = null;
        }
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
        if (device != null) {
            return device.location();
        }
        return absentLocation != null ? absentLocation : uuid.toString();
    }
}
