package io.tagmirror.engine.block;

import io.tagmirror.engine.device.LogPlace;
import io.tagmirror.engine.device.io.ObjectChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Host slot 0's tag log on a block device: two halves, one in use as the superblock says. A rewrite
 * goes to the other half (zeroed first) and is put in place by the superblock write that names it,
 * as a directory device's rename does.
 */
final class RegionLogPlace implements LogPlace {
    private final String where;
    private final FileChannel device;
    private final SuperblockStore superblocks;
    private final boolean readOnly;
    /** Whether the log is written through a mapping of its half ({@link MappedWindow}) rather than the channel. */
    private final boolean mapped;

    RegionLogPlace(String where, FileChannel device, SuperblockStore superblocks, boolean readOnly) {
        this(where, device, superblocks, readOnly, false);
    }

    RegionLogPlace(String where, FileChannel device, SuperblockStore superblocks, boolean readOnly, boolean mapped) {
        this.where = where;
        this.device = device;
        this.superblocks = superblocks;
        this.readOnly = readOnly;
        this.mapped = mapped && !readOnly;
    }

    @Override
    public String name() {
        return "the tag log of " + where;
    }

    @Override
    public String owner() {
        return where;
    }

    @Override
    public boolean exists() {
        return true;
    }

    private RegionChannel half(Superblock s, int half) {
        BlockLayout l = s.layout();
        return new RegionChannel(device, name(), l.logHalfOffset(half), l.logHalfBytes(), mapped);
    }

    @Override
    public ObjectChannel open(boolean readOnly) {
        Superblock s = superblocks.current();
        return half(s, s.activeHalf());
    }

    @Override
    public Object identity() throws IOException {
        // a reader in another process sees a rewrite by the writer's superblock update
        Superblock s = readOnly ? superblocks.reread() : superblocks.current();
        return s.logGeneration();
    }

    @Override
    public ObjectChannel beginRewrite() throws IOException {
        Superblock s = superblocks.current();
        int other = 1 - s.activeHalf();
        BlockLayout l = s.layout();
        RegionChannel.zero(device, l.logHalfOffset(other), l.logHalfBytes());
        return half(s, other);
    }

    @Override
    public void commitRewrite() throws IOException {
        Superblock s = superblocks.current();
        superblocks.write(s.next(s.descriptor(), 1 - s.activeHalf(), s.logGeneration() + 1, s.objectId(),
                s.objectBlocks()));
    }

    @Override
    public long rewriteMinBytes() {
        // a rewrite must find room in the other half: start it while the live records are small
        return superblocks.current().layout().logHalfBytes() / 4;
    }

    @Override
    public long capacity() {
        return superblocks.current().layout().logHalfBytes();
    }
}
