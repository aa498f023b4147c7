package io.tagmirror.operations.disks;

import java.util.Objects;

/**
 * One thing that uses a disk or a partition, as an administrator would name it.
 *
 * @param kind what sort of use
 * @param detail what exactly: the mount point, the holder, the mirror
 */
public record DriveUse(Kind kind, String detail) {

    /** What uses a drive. */
    public enum Kind {
        /** A file system on it is mounted. */
        MOUNTED,
        /** It is active swap. */
        SWAP,
        /** A RAID, LVM or device-mapper device is built on it (sysfs {@code holders}). */
        HELD,
        /** It is a TagMirror device this workspace knows, maybe a member of mirrors. */
        TAGMIRROR,
        /** It carries a TagMirror device this workspace does not know. */
        FOREIGN_TAGMIRROR
    }

    public DriveUse {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** In words for a table cell, e.g. "mounted at /srv" or "held by dm-0 (vg-data)". */
    public String describe() {
        return switch (kind) {
            case MOUNTED -> "mounted at " + detail;
            case SWAP -> "swap";
            case HELD -> "held by " + detail;
            case TAGMIRROR, FOREIGN_TAGMIRROR -> detail;
        };
    }

    /** Whether this use keeps TagMirror from formatting the drive (a TagMirror device it only warns of). */
    public boolean blocksFormatting() {
        return kind == Kind.MOUNTED || kind == Kind.SWAP || kind == Kind.HELD;
    }
}
