package io.tagmirror.engine;

/**
 * The identity of one application write: the writer's generator id and that generator's counter value.
 *
 * <p>Sequences order writes of one generator only; tags of different generators have no order.
 */
public record Tag(long generatorId, long sequence) {
    public Tag {
        if (generatorId <= 0) {
            throw new IllegalArgumentException("generator id must be positive: " + generatorId);
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
    }

    /** Whether this tag is newer than {@code other} of the same generator; tags of different generators never are. */
    public boolean isNewerThan(Tag other) {
        return generatorId == other.generatorId && sequence > other.sequence;
    }

    @Override
    public String toString() {
        return generatorId + ":" + sequence;
    }

    /** Parses the {@code generator:sequence} form that {@link #toString()} prints. */
    public static Tag parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a tag looks like GENERATOR:SEQUENCE, not " + text);
        }
        return new Tag(Long.parseLong(text.substring(0, colon).trim()), Long.parseLong(text.substring(colon + 1).trim()));
    }
}
