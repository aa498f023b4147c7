package io.tagmirror.engine;

/** A count with its noun, for text people read: "1 entry", "2 entries", "0 ranges". */
public final class Plural {

    private Plural() {
    }

    /** {@code count} followed by {@code one} when it is exactly 1, else by {@code many}. */
    public static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}
