package io.tagmirror.engine;

/**
 * What a write transaction does to its storage object.
 *
 * <p>Each kind is written to tag tables and indexes as its {@link #code()}, a number fixed for good:
 * reordering or adding constants never changes what an existing table means (as LevelDB numbers
 * its record types).
 */
public enum EntryKind {
    /** Overwrites a range of blocks inside the object. */
    BLOCKS(0),
    /** Appends blocks past the object's end, growing its length. */
    EXTEND(1);

    private final byte code;

    EntryKind(int code) {
        this.code = (byte) code;
    }

    /** The number this kind is stored as. */
    public byte code() {
        return code;
    }

    /** Whether {@code code} names a kind this TagMirror knows. */
    public static boolean isKnown(int code) {
        return code == BLOCKS.code || code == EXTEND.code;
    }

    /** The kind stored as {@code code}; an unknown code means a corrupt or newer table. */
    public static EntryKind fromCode(int code) {
        for (EntryKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown entry kind " + code);
    }
}
