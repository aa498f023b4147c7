package io.tagmirror.console.mirrors;

import io.tagmirror.cli.ServedCommandLine;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.console.workflow.DeviceNames;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.ResyncProgress;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.ControlClient;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.serve.ServedClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Serving the selected mirror over NBD from the console: Serve and Stop (off the FX thread), where
 * clients connect with ready-made commands, the clients connected and the read and write rates; a
 * mirror another process serves (the command line's {@code tagmirror serve}) shows as served, with
 * its status asked through its control socket. The session keeps the mirror assembled while it is
 * served here, so taking a member offline and back works on the mirror the clients use.
 */
public final class ServeViewModel implements AutoCloseable {

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final Notices notices;
    private final ObjectProperty<MirrorRow> selected;
    private final Map<UUID, ServeOperation.Serving> servedHere = new LinkedHashMap<>();
    private final BooleanProperty tcp = new SimpleBooleanProperty(this, "tcp", false);
    private final IntegerProperty tcpPort = new SimpleIntegerProperty(this, "tcpPort", ServeSettings.DEFAULT_PORT);
    private final BooleanProperty readOnly = new SimpleBooleanProperty(this, "readOnly", false);
    private final LongProperty resyncRate = new SimpleLongProperty(this, "resyncRate", ResyncOperation.DEFAULT_RATE);
    private final ReadOnlyBooleanWrapper served = new ReadOnlyBooleanWrapper(this, "served", false);
    private final ReadOnlyBooleanWrapper servedElsewhere = new ReadOnlyBooleanWrapper(this, "servedElsewhere", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
    private final ReadOnlyStringWrapper commands = new ReadOnlyStringWrapper(this, "commands", "");
    private final ReadOnlyStringWrapper rateText = new ReadOnlyStringWrapper(this, "rateText", "");
    private final ReadOnlyObjectWrapper<ServeRates> rates = new ReadOnlyObjectWrapper<>(this, "rates", ServeRates.IDLE);
    private final ReadOnlyStringWrapper resyncText = new ReadOnlyStringWrapper(this, "resyncText", "");
    private final ObservableList<ServedClient> clients = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ServeOperation.Serving> shownServing = new ReadOnlyObjectWrapper<>(this, "shownServing");
    /** The serving the rates were last sampled from. */
    private ServeOperation.Serving sampled;
    private Map<Long, ServedClient> lastClients = Map.of();
    private long lastSampleNanos;

    ServeViewModel(SessionViewModel sessions, TaskRunner tasks, Notices notices, ObjectProperty<MirrorRow> selected) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.selected = Objects.requireNonNull(selected, "selected");
        selected.addListener((obs, old, row) -> {
            if (old == null || row == null || !old.definition().uuid().equals(row.definition().uuid())) {
                show();
            }
        });
        sessions.sessionProperty().addListener((obs, old, now) -> stopAll());
        resyncRate.addListener((obs, old, rate) -> applyResyncRate(rate.longValue()));
    }

    /**
     * Holds the selected mirror's background resyncs to {@code rate} from now on, those running too:
     * here when this console serves it, through its control socket when another process does.
     */
    private void applyResyncRate(long rate) {
        MirrorRow row = selected.get();
        ServeOperation.Serving serving = row == null ? null : servedHere.get(row.definition().uuid());
        if (serving != null) {
            serving.resyncs().setBytesPerSecond(rate);
            return;
        }
        WorkspaceSession session = sessions.getSession();
        if (row == null || session == null || !servedElsewhere.get()) {
            return; // the rate serving starts with
        }
        tasks.submit(BackgroundJob.of("Setting the resync rate of " + row.name(), progress -> {
            ControlClient other = ControlClient.find(session.workspace(), row.name()).orElseThrow(() ->
                    new TagMirrorException(row.name() + " is no longer served by another process"));
            return other.run(List.of("mirror", "resync-rate", row.name(), Long.toString(rate)), TaskMonitor.NONE);
        }).onSuccess(reply -> {
            if (reply.exitCode() == 0) {
                notices.info(reply.out().strip());
            } else {
                notices.error("Cannot set the resync rate of " + row.name() + ": " + reply.err().replaceFirst("^tagmirror: ", "").strip());
            }
        }).onFailure(failure -> notices.failed("Cannot set the resync rate of " + row.name(), failure)));
    }

    /** Whether mirror {@code uuid} is served by this console. */
    public boolean isServedHere(UUID uuid) {
        return servedHere.containsKey(uuid);
    }

    /** The serving of mirror {@code uuid} by this console, for work done on it while clients use it. */
    Optional<ServeOperation.Serving> serving(UUID uuid) {
        return Optional.ofNullable(servedHere.get(uuid));
    }

    /** Serves the selected mirror on its Unix socket (run/NAME.sock), with TCP on loopback if asked. */
    public void serve() {
        MirrorRow row = selected.get();
        WorkspaceSession session = sessions.getSession();
        if (row == null || session == null || servedHere.containsKey(row.definition().uuid())) {
            return;
        }
        boolean withTcp = tcp.get();
        int port = tcpPort.get();
        boolean ro = readOnly.get();
        long rate = resyncRate.get();
        busy.set(true);
        tasks.submit(BackgroundJob.of("Serving " + row.name(), progress -> {
            Optional<ControlClient> other = ControlClient.find(session.workspace(), row.name());
            if (other.isPresent()) {
                throw new TagMirrorException(row.name() + " is served by another process (control socket "
                        + other.get().socket() + "); stop it there first");
            }
            // first, so neither a replay nor the repair wizard takes the mirror while serving starts
            session.startServing(row.definition());
            try {
                boolean readOnlyHere = ro || session.mirror(row.definition()).isReadOnly();
                AssembledMirror on = session.operable(row.definition());
                ServeSettings settings = new ServeSettings(ServeOperation.defaultSocket(session.workspace(), row.name()),
                        withTcp ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port) : null, null,
                        readOnlyHere, false);
                // the control socket answered as 'tagmirror serve' answers it: a shell's 'mirror status',
                // 'offline', 'online', compare, repair and verify reach the mirror served here
                return ServeOperation.serveHeld(on, settings, rate, ServedCommandLine.forServing(session.workspace().directory()));
            } catch (IOException | RuntimeException e) {
                session.endServing(row.definition().uuid());
                throw e;
            }
        }).onSuccess(serving -> {
            servedHere.put(row.definition().uuid(), serving);
            notices.info("Serving " + row.name() + " at " + serving.uris().get(0));
            show();
        }).onFailure(failure -> notices.failed("Cannot serve " + row.name(), failure))
                .onFinished(() -> busy.set(false)));
    }

    /** Stops serving the selected mirror: what is in flight is answered, the mirror flushed; it stays assembled. */
    public void stop() {
        MirrorRow row = selected.get();
        if (row == null) {
            return;
        }
        ServeOperation.Serving serving = servedHere.remove(row.definition().uuid());
        if (serving == null) {
            return;
        }
        busy.set(true);
        WorkspaceSession session = sessions.getSession();
        tasks.submit(BackgroundJob.of("Stopping serving " + row.name(), progress -> {
            try {
                serving.close();
            } finally {
                if (session != null) {
                    session.endServing(row.definition().uuid());
                }
            }
            return row.name();
        }).onSuccess(name -> notices.info("Stopped serving " + name + "."))
                .onFailure(failure -> notices.failed("Stopping serving " + row.name(), failure))
                .onFinished(() -> {
                    busy.set(false);
                    show();
                }));
    }

    /**
     * Starts the background resync of {@code member} when its mirror is served here, so it catches up
     * while clients keep writing; true when one was started.
     */
    boolean resyncWhileServed(UUID mirror, UUID member) {
        ServeOperation.Serving serving = servedHere.get(mirror);
        if (serving == null) {
            return false;
        }
        serving.resyncs().start(member);
        return true;
    }

    /** Shows the selected mirror's serving: here, by another process (asked in the background), or none. */
    public void show() {
        MirrorRow row = selected.get();
        ServeOperation.Serving serving = row == null ? null : servedHere.get(row.definition().uuid());
        clients.clear();
        resyncText.set("");
        // A refresh of the list deselects and reselects the same mirror: its rates and charts go on.
        if (serving != null && serving != sampled) {
            sampled = serving;
            lastClients = Map.of();
            rates.set(ServeRates.IDLE);
            rateText.set("");
        }
        shownServing.set(serving);
        served.set(serving != null);
        servedElsewhere.set(false);
        if (serving != null) {
            List<String> uris = serving.uris();
            Path socket = serving.served().socket();
            address.set(String.join("  ", uris));
            commands.set(String.join("\n", ServeCommands.of(row.name(), socket, uris.get(0),
                    uris.size() > 1 ? uris.get(1) : null, ServeCommands.kernelHasNbd())));
            status.set("Served by this console" + (serving.served().settings().readOnly() ? ", read-only" : ""));
            resyncRate.set(serving.resyncs().bytesPerSecond());
            sample(System.nanoTime());
            return;
        }
        address.set("");
        commands.set("");
        status.set(row == null ? "" : "Not served");
        WorkspaceSession session = sessions.getSession();
        if (row == null || session == null) {
            return;
        }
        tasks.submit(BackgroundJob.of("Asking whether " + row.name() + " is served", progress -> {
            Optional<ControlClient> other = ControlClient.find(session.workspace(), row.name());
            if (other.isEmpty()) {
                return Optional.<String>empty();
            }
            return Optional.of(other.get().run(List.of("mirror", "status", row.name()), TaskMonitor.NONE).out());
        }).onSuccess(elsewhere -> {
            MirrorRow now = selected.get();
            if (elsewhere.isPresent() && now != null && now.name().equals(row.name())
                    && !servedHere.containsKey(now.definition().uuid())) {
                servedElsewhere.set(true);
                status.set("Served by another process (tagmirror serve); its status:\n" + elsewhere.get().strip());
            }
        }).onFailure(failure -> notices.failed("Cannot ask the process serving " + row.name(), failure)));
    }

    /** Reads the clients of the mirror served here and the rates since the last sample; call on the FX thread. */
    public void sample(long nanos) {
        MirrorRow row = selected.get();
        ServeOperation.Serving serving = row == null ? null : servedHere.get(row.definition().uuid());
        if (serving == null) {
            return;
        }
        List<ServedClient> now = serving.clients();
        ServeRates r = lastClients.isEmpty() ? ServeRates.IDLE : ServeRates.between(lastClients, now, nanos - lastSampleNanos);
        Map<Long, ServedClient> byId = new HashMap<>();
        for (ServedClient c : now) {
            byId.put(c.id(), c);
        }
        lastClients = byId;
        lastSampleNanos = nanos;
        clients.setAll(now);
        rates.set(r);
        resyncText.set(resyncs(serving));
        rateText.set(now.size() + (now.size() == 1 ? " client" : " clients") + " · read "
                + ByteSize.format((long) r.readBytesPerSecond()) + "/s · write " + ByteSize.format((long) r.writeBytesPerSecond())
                + "/s · latency " + (r.meanLatencyMicros() < 0 ? "—" : String.format("%.0f µs", r.meanLatencyMicros())));
    }

    /**
     * "Resynchronising b: 42% (1,234 of 2,900 blocks)" for a member resyncing, "Resync of b: in sync"
     * for one online whose last resync while served has ended (or how it stopped); one line per member, or "".
     */
    private static String resyncs(ServeOperation.Serving serving) {
        StringBuilder out = new StringBuilder();
        // the devices' short names, as the replay's: the line sits in a narrow column beside the charts
        Map<UUID, Path> locations = new LinkedHashMap<>();
        serving.mirror().locationNames().forEach((uuid, where) -> locations.put(uuid, Path.of(where)));
        Map<UUID, String> names = DeviceNames.of(locations);
        try {
            for (MemberStatus s : serving.mirror().mirror().status()) {
                ResyncProgress p = s.resync();
                String where = names.getOrDefault(s.device(), s.device().toString());
                Optional<String> end = serving.resyncs().lastEnd(s.device());
                if (p != null) {
                    out.append(out.length() == 0 ? "" : "\n").append("Resynchronising ").append(where)
                            .append(": ").append(ByteSize.percent(p.fraction()))
                            .append(String.format(" (%,d of %,d blocks)", p.blocksDone(), p.blocksTotal()));
                } else if (end.isPresent() && s.online()) {
                    // taken offline since, the devices' table says so: "in sync" would no longer be true
                    out.append(out.length() == 0 ? "" : "\n").append("Resync of ").append(where).append(": ")
                            .append(end.get());
                }
            }
        } catch (IOException e) {
            return "Cannot read the members' state: " + e.getMessage();
        }
        return out.toString();
    }

    private void stopAll() {
        for (ServeOperation.Serving serving : servedHere.values()) {
            try {
                serving.close();
            } catch (IOException e) {
                notices.failed("Stopping serving", e);
            }
        }
        servedHere.clear();
        show();
    }

    public BooleanProperty tcpProperty() {
        return tcp;
    }

    /** The loopback port TCP listens on (NBD's 10809 by default; 0 lets the system choose). */
    public IntegerProperty tcpPortProperty() {
        return tcpPort;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    /** The most bytes per second a member's background resync copies while served (100 MiB/s by default). */
    public LongProperty resyncRateProperty() {
        return resyncRate;
    }

    /** Whether the selected mirror is served by this console. */
    public ReadOnlyBooleanProperty servedProperty() {
        return served.getReadOnlyProperty();
    }

    /** The serving of the selected mirror when this console serves it, else null. */
    public ReadOnlyObjectProperty<ServeOperation.Serving> shownServingProperty() {
        return shownServing.getReadOnlyProperty();
    }

    /** Whether the selected mirror is served by another process. */
    public ReadOnlyBooleanProperty servedElsewhereProperty() {
        return servedElsewhere.getReadOnlyProperty();
    }

    /** True while serving starts or stops. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The NBD URIs clients connect to, the Unix socket's first. */
    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    /** Ready-made commands, one a line, comments starting with '#'. */
    public ReadOnlyStringProperty commandsProperty() {
        return commands.getReadOnlyProperty();
    }

    /** "1 client · read 0 B/s · write 4.0 MiB/s · latency 120 µs". */
    public ReadOnlyStringProperty rateTextProperty() {
        return rateText.getReadOnlyProperty();
    }

    /** How far each member's background resync has got, one a line; "" when none runs. */
    public ReadOnlyStringProperty resyncTextProperty() {
        return resyncText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ServeRates> ratesProperty() {
        return rates.getReadOnlyProperty();
    }

    public ObservableList<ServedClient> clients() {
        return clients;
    }

    /** Stops every mirror served here (the console is closing). */
    @Override
    public void close() {
        stopAll();
    }
}
