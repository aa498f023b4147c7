package io.tagmirror.console.mirrors;

import io.tagmirror.console.session.DeviceSurvey;
import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.MirrorHandle;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionListener;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.Debouncer;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.MemberAvailability;
import io.tagmirror.operations.MemberOutageOperation;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.operations.MirrorDeletion;
import io.tagmirror.workspace.Workspace;
import io.tagmirror.workspace.index.IndexSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and logic of the mirrors screen: every mirror of the workspace with its devices, their
 * online state and entry counts, its state and last verify; creating, deleting, and taking devices
 * offline and back. Reread when the catalog changes and, debounced, when the engine reports a change.
 */
public final class MirrorsViewModel implements AutoCloseable {

    /** Quiet time after the engine's last event before the list is read again. */
    static final long REFRESH_DELAY_MILLIS = 400;
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final SessionViewModel sessions;
    private final TaskRunner tasks;
    private final Notices notices;
    private final MirrorFocus focus;
    private final Consumer<Section> navigate;
    private final ObservableList<MirrorRow> mirrors = FXCollections.observableArrayList();
    private final ObjectProperty<MirrorRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<MemberRow> selectedMember = new SimpleObjectProperty<>(this, "selectedMember");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final StringBinding summary;
    private final Debouncer changes;
    private boolean replacingRows;
    private final ServeViewModel serve;
    private boolean reloadWanted;

    public MirrorsViewModel(SessionViewModel sessions, TaskRunner tasks, UiThread ui, Notices notices,
                            MirrorFocus focus, Consumer<Section> navigate) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.focus = Objects.requireNonNull(focus, "focus");
        this.navigate = Objects.requireNonNull(navigate, "navigate");
        this.changes = new Debouncer("tagmirror-mirrors-refresh", REFRESH_DELAY_MILLIS, ui, this::refresh);
        summary = Bindings.createStringBinding(this::describe, mirrors, loading, sessions.sessionProperty());
        sessions.catalogRevisionProperty().addListener(obs -> refresh());
        sessions.addListener(new SessionListener() {
            @Override
            public void mirrorChanged(UUID mirror, MirrorEvent event) {
                changes.trigger();
            }
        });
        selected.addListener((obs, old, row) -> selectedMember.set(null));
        serve = new ServeViewModel(sessions, tasks, notices, selected);
    }

    /** Serving the selected mirror over NBD. */
    public ServeViewModel serve() {
        return serve;
    }

    /** Reads the mirrors again in the background; a change while reading triggers one more read. */
    public void refresh() {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            mirrors.clear();
            return;
        }
        if (loading.get()) {
            reloadWanted = true;
            return;
        }
        loading.set(true);
        tasks.submit(BackgroundJob.of("Reading mirrors", progress -> read(session))
                .onSuccess(this::accept)
                .onFailure(failure -> notices.failed("Cannot read the mirrors", failure))
                .onFinished(() -> {
                    loading.set(false);
                    if (reloadWanted) {
                        reloadWanted = false;
                        refresh();
                    }
                }));
    }

    /** Assembles each mirror (on first use) and reads its state; a mirror that cannot be assembled says why. */
    static List<MirrorRow> read(WorkspaceSession session) throws IOException {
        Workspace workspace = session.workspace();
        List<MirrorRow> rows = new ArrayList<>();
        for (MirrorDefinition def : workspace.mirrors()) {
            String lastVerify = workspace.history(def.name(), 200).stream()
                    .filter(h -> h.kind().equals("verify")).findFirst()
                    .map(h -> localTime(h.time()) + " · " + h.result())
                    .orElse(null);
            try {
                MirrorHandle handle = session.mirror(def);
                Mirror mirror = handle.mirror();
                MirrorState state = mirror.state();
                if (state == MirrorState.DIVERGED) {
                    Optional<IndexSummary> index = session.indexes().currentSummary(def);
                    if (index.isPresent() && index.get().conflicts() > 0) {
                        state = MirrorState.CONFLICT;
                    }
                }
                List<MemberRow> members = new ArrayList<>();
                for (MemberStatus s : mirror.status()) {
                    String reason = handle.unavailable().getOrDefault(s.device(), s.offlineReason());
                    String location = s.location();
                    if (location.equals(s.device().toString())) {
                        location = workspace.devicePath(s.device()).map(Path::toString).orElse(location);
                    }
                    members.add(new MemberRow(s.device(), location, s.online(), s.stale(), s.online() ? null : reason,
                            s.entries()));
                }
                String note = handle.isReadOnly() ? "read-only here: " + handle.readOnlyReason() : null;
                rows.add(new MirrorRow(def, state, members, lastVerify, note));
            } catch (TagMirrorException e) {
                List<MemberRow> members = new ArrayList<>();
                for (UUID member : def.devices()) {
                    members.add(new MemberRow(member, workspace.devicePath(member).map(Path::toString)
                            .orElse(member.toString()), false, false, "not opened", -1));
                }
                rows.add(new MirrorRow(def, null, members, lastVerify, e.getMessage()));
            }
        }
        return rows;
    }

    /** A history time (an ISO instant) in the administrator's time zone, to the minute. */
    static String localTime(String instant) {
        try {
            return Instant.parse(instant).atZone(ZoneId.systemDefault()).format(MINUTES);
        } catch (DateTimeException e) {
            return instant;
        }
    }

    private void accept(List<MirrorRow> rows) {
        MirrorRow was = selected.get();
        MemberRow wasMember = selectedMember.get();
        replacingRows = true;
        try {
            mirrors.setAll(rows);
        } finally {
            replacingRows = false;
        }
        if (was != null) {
            MirrorRow again = rows.stream().filter(r -> r.definition().uuid().equals(was.definition().uuid()))
                    .findFirst().orElse(null);
            selected.set(again);
            if (again != null && wasMember != null) {
                selectedMember.set(again.members().stream().filter(m -> m.uuid().equals(wasMember.uuid()))
                        .findFirst().orElse(null));
            }
        }
    }

    /**
     * True while the list's rows are replaced by fresh ones: the table then drops its selection for a
     * moment, which is no choice of the administrator's (the same mirror is selected again after).
     */
    boolean isReplacingRows() {
        return replacingRows;
    }

    public ObservableList<MirrorRow> mirrors() {
        return mirrors;
    }

    public ObjectProperty<MirrorRow> selectedProperty() {
        return selected;
    }

    /** The device of the selected mirror that "Take offline" and "Bring online" apply to. */
    public ObjectProperty<MemberRow> selectedMemberProperty() {
        return selectedMember;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** "2 mirrors · 1 diverged". */
    public StringBinding summaryProperty() {
        return summary;
    }

    /**
     * True (after saying why) when a running workflow holds mirror {@code name}: offline, online and
     * delete are refused then. The session refuses to close a held mirror anyway; asking first says so
     * before any confirmation.
     */
    private boolean refused(String doing, String name) {
        WorkspaceSession session = sessions.getSession();
        Optional<String> refusal = session == null ? Optional.empty() : session.refusal(doing, name);
        refusal.ifPresent(notices::error);
        return refusal.isPresent();
    }

    /** Stops sending writes to the selected device; the others keep the entries of what it misses. */
    public void takeOffline() {
        MirrorRow row = selected.get();
        MemberRow member = selectedMember.get();
        if (row == null || member == null || refused("take " + member.location() + " offline", row.name())) {
            return;
        }
        onMirror(row, "Taking " + member.location() + " offline", on -> {
            MemberAvailability.Result r = MemberOutageOperation.takeOffline(on, member.uuid(), "taken offline in the console");
            return r.changed() ? r.location() + " is offline; " + row.name() + " keeps the entries of the writes it misses."
                    : r.location() + " is already offline.";
        });
    }

    /** Sends writes to the selected device again; it stays marked as having missed writes until repaired. */
    public void bringOnline() {
        MirrorRow row = selected.get();
        MemberRow member = selectedMember.get();
        if (row == null || member == null || refused("bring " + member.location() + " online", row.name())) {
            return;
        }
        onMirror(row, "Bringing " + member.location() + " online", on -> {
            MemberAvailability.Result r = MemberOutageOperation.bringOnline(on, member.uuid());
            if (r.changed() && serve.resyncWhileServed(row.definition().uuid(), member.uuid())) {
                return r.location() + " is back online and resynchronising in the background while " + row.name()
                        + " is served; reads come from it once the resync has passed them.";
            }
            return r.changed() ? r.location() + " is back online; compare and repair " + row.name()
                    + " to settle what it missed." : r.location() + " is already online.";
        });
    }

    /** Work on an assembled mirror that reports back one sentence. */
    @FunctionalInterface
    private interface MirrorWork {
        String run(AssembledMirror on) throws IOException;
    }

    private void onMirror(MirrorRow row, String title, MirrorWork work) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            return;
        }
        tasks.submit(BackgroundJob.of(title, progress -> work.run(session.operable(row.definition())))
                .onSuccess(message -> {
                    notices.info(message);
                    refresh();
                })
                .onFailure(failure -> notices.failed(title, failure)));
    }

    /** Reads the workspace's devices for the "Create mirror" dialog, then hands over a form. */
    public void newMirrorForm(Consumer<CreateMirrorViewModel> then) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            notices.error("Open a workspace first (File ▸ Open workspace…).");
            return;
        }
        Set<String> names = mirrors.stream().map(MirrorRow::name).collect(Collectors.toSet());
        tasks.submit(BackgroundJob.of("Reading devices", progress -> DeviceSurvey.survey(session))
                .onSuccess(devices -> then.accept(new CreateMirrorViewModel(this, devices, names)))
                .onFailure(failure -> notices.failed("Cannot read the devices", failure)));
    }

    /** Creates mirror {@code name} of {@code sizeBytes} on {@code devices} and adds it to the catalog. */
    void create(String name, long sizeBytes, List<UUID> devices, Runnable onCreated, Consumer<Throwable> onFailure) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            onFailure.accept(new TagMirrorException("Open a workspace first."));
            return;
        }
        tasks.submit(BackgroundJob.of("Creating mirror " + name, progress -> {
            List<Path> dirs = new ArrayList<>();
            for (UUID uuid : devices) {
                dirs.add(session.workspace().devicePath(uuid).orElseThrow(() -> new TagMirrorException(
                        "device " + uuid + " is not in this workspace (import it on the Drives screen)")));
            }
            MirrorDefinition definition = MirrorCreation.create(session.workspace(), name, sizeBytes, dirs,
                    session.deviceAccess()).definition();
            session.catalogChanged();
            return definition;
        }).onSuccess(definition -> {
            notices.info("Created mirror " + name + " on " + devices.size() + " devices.");
            onCreated.run();
        }).onFailure(onFailure));
    }

    /** Reads what deleting {@code row} will touch and hands it over to be confirmed. */
    public void planDeletion(MirrorRow row, Consumer<DeletionPlan> then) {
        WorkspaceSession session = sessions.getSession();
        if (session == null || refused("delete mirror " + row.name(), row.name())) {
            return;
        }
        if (serve.isServedHere(row.definition().uuid())) {
            notices.error(row.name() + " is being served; stop serving it before deleting it.");
            return;
        }
        tasks.submit(BackgroundJob.of("Preparing to delete " + row.name(),
                        progress -> new DeletionPlan(MirrorDeletion.plan(session.workspace(), row.definition())))
                .onSuccess(then)
                .onFailure(failure -> notices.failed("Cannot delete mirror " + row.name(), failure)));
    }

    /** What deleting a mirror touches, ready to be confirmed. */
    public static final class DeletionPlan {
        private final MirrorDeletion.Plan plan;

        DeletionPlan(MirrorDeletion.Plan plan) {
            this.plan = plan;
        }

        public String mirrorName() {
            return plan.mirror().name();
        }

        /** Exactly what will be deleted and what stays. */
        public String describe() {
            return plan.describe();
        }
    }

    /** Deletes the mirror as {@code plan} described; call after the administrator confirmed. */
    public void delete(DeletionPlan plan) {
        WorkspaceSession session = sessions.getSession();
        if (session == null) {
            return;
        }
        String name = plan.mirrorName();
        if (refused("delete mirror " + name, name)) {
            return; // asked again: a workflow may have started while the confirmation was open
        }
        tasks.submit(BackgroundJob.of("Deleting mirror " + name, progress -> {
            MirrorDefinition mirror = plan.plan.mirror();
            session.release(mirror.uuid());
            MirrorDeletion.run(session.workspace(), plan.plan, session.borrowingAccess());
            session.indexes().delete(mirror.uuid());
            session.catalogChanged();
            return name;
        }).onSuccess(n -> {
            if (focus.getMirror() != null && focus.getMirror().name().equals(n)) {
                focus.mirrorProperty().set(null);
            }
            notices.info("Deleted mirror " + n + ".");
        }).onFailure(failure -> notices.failed("Cannot delete mirror " + name, failure)));
    }

    /** Shows {@code row}'s tag tables side by side. */
    public void showTagTables(MirrorRow row) {
        focus.mirrorProperty().set(row.definition());
        navigate.accept(Section.TAG_TABLES);
    }

    /** Shows {@code row}'s block map. */
    public void showBlockMap(MirrorRow row) {
        focus.mirrorProperty().set(row.definition());
        navigate.accept(Section.BLOCK_MAP);
    }

    private String describe() {
        if (sessions.getSession() == null) {
            return "No workspace open";
        }
        if (loading.get() && mirrors.isEmpty()) {
            return "Reading mirrors…";
        }
        String text = mirrors.size() == 1 ? "1 mirror" : mirrors.size() + " mirrors";
        long notInSync = mirrors.stream().filter(m -> m.state() != MirrorState.IN_SYNC).count();
        return notInSync == 0 ? text : text + " · " + notInSync + " not in sync";
    }

    @Override
    public void close() {
        serve.close();
        changes.close();
    }
}
