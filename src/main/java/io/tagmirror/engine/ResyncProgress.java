package io.tagmirror.engine;

/**
 * How far the background resync of a member that came back has got, as {@code mirror status} shows it.
 *
 * @param blocksDone blocks of the ranges to resync already gone through (copied where they differed)
 * @param blocksTotal blocks of the ranges the other members' entries name (the whole volume for a member
 *                    that needs a rebuild); 0 while the entries are still being gathered
 * @param blocksCopied blocks that differed and were copied onto the member
 * @param bytesPerSecond the rate so far, in bytes of the volume gone through per second
 * @param rateLimit the most bytes per second the resync may go through ({@code --resync-rate})
 * @param seconds how long it has run
 */
public record ResyncProgress(long blocksDone, long blocksTotal, long blocksCopied, double bytesPerSecond,
                             long rateLimit, double seconds, int blockSize) {

    /** Seconds still to go at the rate so far, or -1 while no rate is known yet. */
    public double etaSeconds() {
        if (bytesPerSecond <= 0) {
            return blocksDone >= blocksTotal && blocksTotal > 0 ? 0 : -1;
        }
        return (blocksTotal - blocksDone) * (double) blockSize / bytesPerSecond;
    }

    /** Done so far, from 0 to 1. */
    public double fraction() {
        return blocksTotal <= 0 ? 0 : Math.min(1.0, blocksDone / (double) blocksTotal);
    }
}
