package io.tagmirror.console;

import io.tagmirror.console.task.UiThread;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link UiThread} for view-model tests whose models also hear from timers or the engine: what
 * is handed back waits in a queue until the test runs it on its own thread with {@link #drain()}.
 */
public final class QueuedUi implements UiThread {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable action) {
        queue.add(action);
    }

    /** Runs everything queued, including what that queues in turn; returns how many ran. */
    public int drain() {
        int ran = 0;
        Runnable next;
        while ((next = queue.poll()) != null) {
            next.run();
            ran++;
        }
        return ran;
    }
}
