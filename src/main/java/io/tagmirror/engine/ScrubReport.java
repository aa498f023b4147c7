package io.tagmirror.engine;

/** What a scrub did: every block compared with the source's, and the differing ones copied from it. */
public record ScrubReport(long blocksCompared, long blocksCopied, long bytesCopied, long entriesDeleted,
                          double seconds, boolean cancelled) {
}
