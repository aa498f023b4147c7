package io.tagmirror.engine;

/**
 * What a device is made of, which says how its locator is read. Stored by its {@link #code()}, fixed
 * for good; a record without a kind was written before kinds existed and is a directory device.
 */
public enum DeviceKind {
    /** A directory on a mounted file system: the locator is its path. */
    DIRECTORY("directory"),
    /** A disk, a partition, a loop device or an image file with TagMirror's metadata inside: the locator is its path. */
    BLOCK("block");

    private final String code;

    DeviceKind(String code) {
        this.code = code;
    }

    /** The word stored in a catalog. */
    public String code() {
        return code;
    }

    /** The kind stored as {@code code}; none (an older record) is a directory device, an unknown one is refused. */
    public static DeviceKind fromCode(String code) throws TagMirrorException {
        if (code == null || code.isEmpty()) {
            return DIRECTORY;
        }
        for (DeviceKind k : values()) {
            if (k.code.equals(code)) {
                return k;
            }
        }
        throw new TagMirrorException("unknown device kind '" + code + "' (made by a newer TagMirror? upgrade to use it)");
    }
}
