package io.tagmirror.workspace.index;

import io.tagmirror.engine.BlockRange;

/**
 * Which rows of a tag table index to show.
 *
 * @param unmatchedOnly only tags that are not matched on every device
 * @param generator only this generator's tags; 0 for every generator (generator ids are positive)
 * @param objectId only entries of this storage object; null for every object
 * @param blocks only entries overlapping these blocks; null for the whole volume
 */
public record TagFilter(boolean unmatchedOnly, long generator, String objectId, BlockRange blocks) {

    /** Every row. */
    public static final TagFilter ALL = new TagFilter(false, 0, null, null);

    public TagFilter {
        if (generator < 0) {
            throw new IllegalArgumentException("generator must be positive or 0 for any: " + generator);
        }
    }

    public TagFilter withUnmatchedOnly(boolean only) {
        return new TagFilter(only, generator, objectId, blocks);
    }

    public TagFilter withGenerator(long id) {
        return new TagFilter(unmatchedOnly, id, objectId, blocks);
    }

    public TagFilter withObject(String id) {
        return new TagFilter(unmatchedOnly, generator, id, blocks);
    }

    public TagFilter withBlocks(BlockRange range) {
        return new TagFilter(unmatchedOnly, generator, objectId, range);
    }

    /** True when the filter lets every row through. */
    public boolean isEverything() {
        return !unmatchedOnly && generator == 0 && objectId == null && blocks == null;
    }
}
