package io.tagmirror.console.replay;

import java.util.List;

/** Appends a batch of chart points to a list and drops the oldest beyond a bound, in at most two changes. */
final class SampleWindow {

    private SampleWindow() {
    }

    /** Appends {@code batch} to {@code points}, keeping only the last {@code max} points of both. */
    static <T> void append(List<T> points, List<T> batch, int max) {
        if (batch.isEmpty()) {
            return;
        }
        List<T> kept = batch.size() > max ? batch.subList(batch.size() - max, batch.size()) : batch;
        int excess = points.size() + kept.size() - max;
        if (excess > 0) {
            // One removal from the front: a chart listening to the list drops its oldest points in one go.
            points.subList(0, Math.min(excess, points.size())).clear();
        }
        points.addAll(kept);
    }
}
