package io.tagmirror.engine;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/** A tag table seen through the interface alone: no packed scan, no per-block checksums (as another kind of device). */
final class PlainTagTable implements TagTable {
    private final TagTable inner;

    PlainTagTable(TagTable inner) {
        this.inner = inner;
    }

    @Override
    public long append(List<TagEntry> entries) throws IOException {
        return inner.append(entries);
    }

    @Override
    public void scan(EntryVisitor visitor) throws IOException {
        inner.scan(visitor);
    }

    @Override
    public List<TagEntry> lookup(String objectId, BlockRange range) throws IOException {
        return inner.lookup(objectId, range);
    }

    @Override
    public int delete(Collection<TagEntry> entries) throws IOException {
        return inner.delete(entries);
    }

    @Override
    public long deleteUpTo(long upToBatch, Predicate<TagEntry> keep) throws IOException {
        return inner.deleteUpTo(upToBatch, keep);
    }

    @Override
    public long trim(long afterBatch, long upToBatch) throws IOException {
        return inner.trim(afterBatch, upToBatch);
    }

    @Override
    public long count() throws IOException {
        return inner.count();
    }

    @Override
    public long lastBatchId() throws IOException {
        return inner.lastBatchId();
    }

    @Override
    public OptionalLong reservedSequence(long generatorId) throws IOException {
        return inner.reservedSequence(generatorId);
    }

    @Override
    public void reserveSequence(long generatorId, long until) throws IOException {
        inner.reserveSequence(generatorId, until);
    }

    @Override
    public void sync() throws IOException {
        inner.sync();
    }

    @Override
    public void setDurability(DurabilityMode mode) throws IOException {
        inner.setDurability(mode);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
