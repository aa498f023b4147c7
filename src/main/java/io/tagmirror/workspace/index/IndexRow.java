package io.tagmirror.workspace.index;

import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import java.util.Arrays;
import java.util.Optional;

/**
 * One tag of a tag table index: its match state and the entry each device holds for it, aligned by
 * the device's position in the mirror.
 */
public final class IndexRow {

    private final Tag tag;
    private final MatchState state;
    private final TagEntry[] entries;

    /**
     * @param tag the tag
     * @param state how it stands across the devices
     * @param entries per device position, null where the device does not hold the tag
     */
    public IndexRow(Tag tag, MatchState state, TagEntry[] entries) {
        this.tag = tag;
        this.state = state;
        this.entries = entries.clone();
    }

    public Tag tag() {
        return tag;
    }

    public MatchState state() {
        return state;
    }

    /** Number of device positions. */
    public int devices() {
        return entries.length;
    }

    /** The entry device {@code position} holds, if any. */
    public Optional<TagEntry> entry(int position) {
        return Optional.ofNullable(entries[position]);
    }

    /** The entry device {@code position} holds, or null; for table cells that test for it anyway. */
    public TagEntry entryOrNull(int position) {
        return entries[position];
    }

    /** Whether device {@code position} holds the tag. */
    public boolean isOn(int position) {
        return entries[position] != null;
    }

    /** The first entry held by any device: what the row describes when all copies agree. */
    public TagEntry anyEntry() {
        for (TagEntry e : entries) {
            if (e != null) {
                return e;
            }
        }
        throw new IllegalStateException("a row of the index names no entry");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexRow row && row.tag.equals(tag) && row.state == state
                && Arrays.equals(row.entries, entries);
    }

    @Override
    public int hashCode() {
        return tag.hashCode();
    }

    @Override
    public String toString() {
        return tag + " " + state + " " + Arrays.toString(entries);
    }
}
