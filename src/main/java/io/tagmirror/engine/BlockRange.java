package io.tagmirror.engine;

/** A run of consecutive blocks of one storage object. */
public record BlockRange(long firstBlock, long blockCount) {
    public BlockRange {
        if (firstBlock < 0 || blockCount <= 0) {
            throw new IllegalArgumentException("bad block range " + firstBlock + "+" + blockCount);
        }
    }

    public long endBlock() {
        return firstBlock + blockCount;
    }

    public boolean contains(long block) {
        return block >= firstBlock && block < endBlock();
    }

    public boolean overlaps(BlockRange other) {
        return firstBlock < other.endBlock() && other.firstBlock < endBlock();
    }

    @Override
    public String toString() {
        return blockCount == 1 ? Long.toString(firstBlock) : firstBlock + "-" + (endBlock() - 1);
    }
}
