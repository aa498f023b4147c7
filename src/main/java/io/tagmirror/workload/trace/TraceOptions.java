package io.tagmirror.workload.trace;

import java.util.Set;

/**
 * How a trace is read: what to do with malformed lines and which of its operations to keep.
 *
 * @param skipMalformed skip and count malformed lines instead of stopping at the first one
 * @param blkparseCompleted replay blkparse completion ({@code C}) events instead of queue ({@code Q}) events
 * @param fileFilter keep only operations on these files (empty keeps all): a fio file name, matched whole
 *     or by its last path component, a blkparse {@code maj,min} device, or an MSR {@code host/disk}
 * @param host keep only this MSR host (case-insensitive), or null for all
 * @param disk keep only this MSR disk number, or null for all
 */
public record TraceOptions(
        boolean skipMalformed, boolean blkparseCompleted, Set<String> fileFilter, String host, Integer disk) {

    public TraceOptions {
        fileFilter = fileFilter == null ? Set.of() : Set.copyOf(fileFilter);
        if (host != null && host.isBlank()) {
            host = null;
        }
    }

    /** Stop at the first malformed line, replay queue events, keep everything. */
    public static TraceOptions defaults() {
        return new TraceOptions(false, false, Set.of(), null, null);
    }

    public TraceOptions withSkipMalformed(boolean skip) {
        return new TraceOptions(skip, blkparseCompleted, fileFilter, host, disk);
    }

    public TraceOptions withBlkparseCompleted(boolean completed) {
        return new TraceOptions(skipMalformed, completed, fileFilter, host, disk);
    }

    public TraceOptions withFileFilter(Set<String> files) {
        return new TraceOptions(skipMalformed, blkparseCompleted, files, host, disk);
    }

    public TraceOptions withHost(String msrHost) {
        return new TraceOptions(skipMalformed, blkparseCompleted, fileFilter, msrHost, disk);
    }

    public TraceOptions withDisk(Integer msrDisk) {
        return new TraceOptions(skipMalformed, blkparseCompleted, fileFilter, host, msrDisk);
    }
}
