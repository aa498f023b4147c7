package io.tagmirror.engine;

import java.util.regex.Pattern;

/** The rules every storage object id obeys, so an id can never name a path outside the device. */
public final class StorageObjects {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StorageObjects() {
    }

    public static boolean isValidObjectId(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    /** Refuses ids with separators, dot-dot, or characters a file system may treat specially. */
    public static void checkObjectId(String id) {
        if (!isValidObjectId(id)) {
            throw new IllegalArgumentException("object id '" + id
                    + "' is not allowed: use letters, digits, '.', '_' and '-', no '/' or '..', at most 128 characters");
        }
    }
}
