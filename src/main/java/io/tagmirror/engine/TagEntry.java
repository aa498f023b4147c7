package io.tagmirror.engine;

/**
 * One row of a device's tag table: a write transaction the device received and has not yet been told
 * is durable on every mirror. The checksum is CRC32C of the transaction's whole data.
 */
public record TagEntry(Tag tag, String objectId, EntryKind kind, long firstBlock, int blockCount, int checksum) {
    public TagEntry {
        StorageObjects.checkObjectId(objectId);
        if (firstBlock < 0 || blockCount <= 0) {
            throw new IllegalArgumentException("bad entry range " + firstBlock + "+" + blockCount);
        }
    }

    public BlockRange range() {
        return new BlockRange(firstBlock, blockCount);
    }

    public long endBlock() {
        return firstBlock + blockCount;
    }

    public boolean covers(long block) {
        return block >= firstBlock && block < firstBlock + blockCount;
    }

    /** Two devices' entries match when they describe the same transaction (claim 7 of the method). */
    public boolean matches(TagEntry other) {
        return tag.equals(other.tag) && objectId.equals(other.objectId) && kind == other.kind
                && firstBlock == other.firstBlock && blockCount == other.blockCount && checksum == other.checksum;
    }
}
