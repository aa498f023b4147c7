package io.tagmirror.workload.replay;

/**
 * Receives a replay's progress reports and applied faults, on the replay's dispatching thread: a
 * listener must return quickly and hand anything slow (drawing) to its own thread.
 */
public interface ReplayListener {

    ReplayListener NONE = new ReplayListener() {
    };

    default void progress(ReplayProgress progress) {
    }

    default void faultApplied(AppliedFault fault) {
    }
}
