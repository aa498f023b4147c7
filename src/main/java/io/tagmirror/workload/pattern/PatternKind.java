package io.tagmirror.workload.pattern;

import io.tagmirror.engine.TagMirrorException;
import java.util.Locale;

/** The shapes of synthetic workload. */
public enum PatternKind {
    /** Writes one after another from the start of the volume, wrapping at its end. */
    SEQUENTIAL,
    /** Writes at uniformly random block-aligned offsets. */
    RANDOM,
    /** Writes concentrated on a few hot blocks, with a Zipf distribution over block indexes. */
    ZIPF,
    /** Appends, placed by the mirror. */
    APPEND,
    /** A seeded mixture: 70 % random, 20 % sequential, 10 % append. */
    MIX;

    /** The kind named {@code sequential}, {@code random}, {@code zipf}, {@code append} or {@code mix} (any case). */
    public static PatternKind parse(String name) throws TagMirrorException {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (PatternKind kind : values()) {
            if (kind.toString().equals(key)) {
                return kind;
            }
        }
        throw new TagMirrorException(
                "unknown pattern '" + name + "': use sequential, random, zipf, append or mix");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
