package io.tagmirror.engine;

/**
 * What a resync of a member that came back did.
 *
 * @param completed the member is in sync again (not stale any more); false when it was cancelled, or the
 *                  member went offline or was found to have missed writes again before the end
 * @param cancelled it stopped because it was asked to
 * @param blocksExamined blocks of the named ranges gone through
 * @param blocksCopied the blocks among them that differed and were copied onto the member
 * @param why when not completed, why (for the administrator); null when completed
 */
public record ResyncReport(String mirror, String device, boolean completed, boolean cancelled, long blocksExamined, long blocksCopied,
                           long bytesCopied, double seconds, String why) {
}
