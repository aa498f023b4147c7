package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.Plural;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.operations.ServingSummary;
import io.tagmirror.serve.ServedClient;
import io.tagmirror.serve.ServedMirror;
import io.tagmirror.workspace.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What {@code tagmirror serve} tells of itself while it serves, for the journal and for
 * {@code systemctl status}: a line on standard output when a client connects or leaves and when the
 * mirror's state changes, and, when systemd started it ({@code Type=notify}), {@code READY=1} and a
 * {@code STATUS=} line (the mirror's state, its members, the clients, the writes per second) kept
 * current.
 *
 * <p>Threads: one thread ("serve-status") writes every line and notification; the server's threads
 * only queue the news of a client, so a slow journal never holds a client up. {@link #close} from the
 * thread that started it.
 */
final class ServeStatus implements AutoCloseable {
    /** How often the mirror's state is read and the writes per second measured: systemctl status is read by people. */
    static final Duration PERIOD = Duration.ofSeconds(2);

    private record ClientNews(boolean connected, ServedClient client) {
    }

    /** Queued by {@link #close}: wakes the thread to end. */
    private static final ClientNews END = new ClientNews(false, null);

    private final String name;
    private volatile ServeOperation.Serving serving;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final SystemdNotify systemd;
    private final BlockingQueue<ClientNews> news = new LinkedBlockingQueue<>();
    private final Thread thread;
    /** The writes each client connected had made at the last reading, by client id. */
    private final Map<Long, Long> writesSeen = new HashMap<>();
    /** Writes of clients that left since the last reading, not counted yet. */
    private long writesOfThoseGone;
    private long lastReading;
    private String lastMembers;
    private String lastStatus;
    private boolean notifyFailed;
    private volatile boolean stopping;
    private volatile boolean stopped;

    /**
     * Tells of mirror {@code name} once {@link #watch} is given what serves it.
     *
     * @param systemd the notification socket, or null when systemd did not start the process
     */
    ServeStatus(String name, PrintWriter out, PrintWriter err, boolean json, SystemdNotify systemd) {
        this.name = name;
        this.out = out;
        this.err = err;
        this.json = json;
        this.systemd = systemd;
        this.thread = new Thread(this::run, "serve-status");
        thread.setDaemon(true);
    }

    /**
     * Starts telling of the mirror as {@code serving} serves it: its state now is logged and, under
     * systemd, READY=1 is sent with the first STATUS= line, before this returns.
     */
    void watch(ServeOperation.Serving serving) {
        this.serving = serving;
        for (ServedClient c : serving.served().watchClients(new ServedMirror.ClientListener() {
            @Override
            public void connected(ServedClient client) {
                news.add(new ClientNews(true, client));
            }

            @Override
            public void left(ServedClient client) {
                news.add(new ClientNews(false, client));
            }
        })) {
            writesSeen.put(c.id(), c.writes());
        }
        lastReading = System.nanoTime();
        read("READY=1\n");
        thread.start();
    }

    /**
     * Tells systemd the service is stopping ({@code systemctl status} shows "deactivating" while it
     * flushes); the mirror is no longer read, and clients leaving are still logged until {@link #close}.
     */
    void stopping(int clients) {
        stopping = true;
        notifySystemd("STOPPING=1\n" + SystemdNotify.status("stopping: answering the requests in flight of "
                + Plural.of(clients, "client", "clients") + ", then flushing"));
    }

    private void run() {
        long nextReading = System.nanoTime() + PERIOD.toNanos();
        while (!stopped) {
            try {
                ClientNews n = news.poll(Math.max(0, nextReading - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (n == END) {
                    break;
                }
                if (n != null) {
                    tell(n);
                    continue;
                }
            } catch (InterruptedException e) {
                break;
            }
            if (!stopping) {
                read("");
            }
            nextReading = System.nanoTime() + PERIOD.toNanos();
        }
        // what happened before the stop is still told, in order
        for (ClientNews n; (n = news.poll()) != null; ) {
            if (n != END) {
                tell(n);
            }
        }
    }

    private void tell(ClientNews n) {
        ServedClient c = n.client();
        if (n.connected()) {
            // a reading between its connecting and this news may have counted it already
            writesSeen.putIfAbsent(c.id(), 0L);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "client-connected");
            fields.put("client", c.id());
            fields.put("remote", c.remote());
            log(fields, "client " + c.id() + " connected (" + c.remote() + ")");
            return;
        }
        Long seen = writesSeen.remove(c.id());
        writesOfThoseGone += c.writes() - (seen == null ? 0 : seen);
        long seconds = Math.max(0, Duration.between(c.connected(), Instant.now()).toSeconds());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "client-left");
        fields.put("client", c.id());
        fields.put("remote", c.remote());
        fields.put("seconds", seconds);
        fields.put("writes", c.writes());
        fields.put("bytesWritten", c.bytesWritten());
        fields.put("reads", c.reads());
        fields.put("bytesRead", c.bytesRead());
        fields.put("flushes", c.flushes());
        fields.put("errors", c.errors());
        log(fields, "client " + c.id() + " left (" + c.remote() + ") after " + seconds + " s: "
                + Plural.of(c.writes(), "write", "writes") + " (" + ByteSize.format(c.bytesWritten()) + "), "
                + Plural.of(c.reads(), "read", "reads") + " (" + ByteSize.format(c.bytesRead()) + "), "
                + Plural.of(c.flushes(), "flush", "flushes") + (c.errors() > 0 ? ", " + Plural.of(c.errors(), "error", "errors") : ""));
    }

    /** Reads the mirror and the clients: logs a change of state, refreshes STATUS= (after {@code first}, if any). */
    private void read(String first) {
        long now = System.nanoTime();
        List<ServedClient> clients = serving.clients();
        long writes = writesOfThoseGone;
        writesOfThoseGone = 0;
        for (ServedClient c : clients) {
            Long before = writesSeen.put(c.id(), c.writes());
            writes += c.writes() - (before == null ? 0 : before);
        }
        double seconds = Math.max(1e-3, (now - lastReading) / 1e9);
        lastReading = now;
        ServingSummary summary;
        try {
            Mirror mirror = serving.mirror().mirror();
            summary = ServingSummary.of(name, mirror.state(), mirror.status(), clients.size(), writes / seconds);
        } catch (IOException | RuntimeException e) {
            // a member whose table cannot be read now is told of by the next reading or the next command
            notifySystemd(first + SystemdNotify.status("cannot read the mirror's state: " + Failures.describe(e)));
            return;
        }
        String members = summary.state().label() + " " + summary.members() + " " + summary.away();
        if (!members.equals(lastMembers)) {
            lastMembers = members;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "mirror-state");
            fields.put("mirror", name);
            fields.put("state", summary.state().label());
            fields.put("inSync", summary.inSync());
            fields.put("offline", summary.offline());
            fields.put("resyncing", summary.resyncing());
            fields.put("stale", summary.stale());
            fields.put("members", summary.away());
            log(fields, "mirror " + name + " is " + summary.state().label() + ": " + summary.members()
                    + (summary.away().isEmpty() ? "" : " (" + String.join("; ", summary.away()) + ")"));
        }
        String status = SystemdNotify.status(summary.line());
        if (!first.isEmpty() || !status.equals(lastStatus)) {
            lastStatus = status;
            notifySystemd(first + status);
        }
    }

    private void log(Map<String, Object> fields, String text) {
        try {
            out.println(json ? Json.MAPPER.writeValueAsString(fields) : text);
        } catch (IOException e) {
            out.println(text);
        }
        out.flush();
    }

    /** Locked: the last STATUS= a reading sends never comes after STOPPING=1. */
    private synchronized void notifySystemd(String state) {
        if (systemd == null || notifyFailed || stopping && !state.startsWith("STOPPING=")) {
            return;
        }
        try {
            systemd.send(state);
        } catch (IOException e) {
            // once: the service goes on serving, and systemd's own timeout says the rest
            notifyFailed = true;
            err.println("tagmirror: " + e.getMessage() + "; serving goes on without telling systemd");
            err.flush();
        }
    }

    /** Stops the thread after it told what was queued; the mirror is not touched. */
    @Override
    public void close() {
        if (serving == null) {
            return; // never started
        }
        stopped = true;
        // no interrupt: one that lands in a read of a device would close its channel
        news.add(END);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
