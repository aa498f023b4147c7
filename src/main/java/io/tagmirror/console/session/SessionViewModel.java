package io.tagmirror.console.session;

import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.console.task.UiThread;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.operations.Failures;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * State and logic of the open workspace: opening and switching it in the background, making and
 * removing the demo, and passing the catalog's and the mirrors' changes on to the screens.
 */
public final class SessionViewModel implements AutoCloseable {

    private final TaskRunner tasks;
    private final UiThread ui;
    private final Notices notices;
    private final ReadOnlyObjectWrapper<WorkspaceSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyBooleanWrapper opening = new ReadOnlyBooleanWrapper(this, "opening", false);
    private final ReadOnlyIntegerWrapper catalogRevision = new ReadOnlyIntegerWrapper(this, "catalogRevision", 0);
    private final ReadOnlyBooleanWrapper demoPresent = new ReadOnlyBooleanWrapper(this, "demoPresent", false);
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private Path requested;

    /** Passes the current session's news on to the screens' listeners; bumps the revision on the FX thread. */
    private final SessionListener relay = new SessionListener() {
        @Override
        public void catalogChanged() {
            ui.execute(() -> catalogRevision.set(catalogRevision.get() + 1));
            for (SessionListener l : listeners) {
                l.catalogChanged();
            }
        }

        @Override
        public void mirrorChanged(UUID mirror, MirrorEvent event) {
            for (SessionListener l : listeners) {
                l.mirrorChanged(mirror, event);
            }
        }
    };

    public SessionViewModel(TaskRunner tasks, UiThread ui, Notices notices) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /**
     * Closes the open workspace and opens {@code dir} in the background; with {@code createDemo},
     * a folder without a catalog gets the demo first. {@code onOpened} runs once it is open.
     */
    public void open(Path dir, boolean createDemo, Consumer<Path> onOpened) {
        Path target = dir.toAbsolutePath().normalize();
        if (target.equals(requested)) {
            return;
        }
        requested = target;
        WorkspaceSession old = session.get();
        if (old != null) {
            old.removeListener(relay);
        }
        session.set(null);
        demoPresent.set(false);
        opening.set(true);
        tasks.submit(BackgroundJob.of("Opening workspace " + target, progress -> {
            if (old != null) {
                old.close();
            }
            boolean makeDemo = createDemo && !Workspace.exists(target);
            WorkspaceSession opened = WorkspaceSession.open(target);
            if (makeDemo) {
                progress.message("Creating the demo mirror");
                try {
                    DemoWorkspace.create(opened.workspace());
                } catch (IOException e) {
                    return new Opened(opened, false, DemoWorkspace.isPresent(target),
                            "The demo could not be created: " + Failures.describe(e));
                }
            }
            return new Opened(opened, makeDemo, DemoWorkspace.isPresent(target), null);
        }).onSuccess(result -> {
            session.set(result.session());
            result.session().addListener(relay);
            demoPresent.set(result.hasDemo());
            catalogRevision.set(catalogRevision.get() + 1);
            if (result.problem() != null) {
                notices.error(result.problem());
            } else if (result.demoCreated()) {
                notices.info("Welcome: this new workspace holds a demo mirror '" + DemoWorkspace.MIRROR
                        + "' on two devices, one of which missed writes during an outage. "
                        + "File ▸ Remove demo workspace… deletes it.");
            }
            onOpened.accept(target);
        }).onFailure(failure -> {
            requested = null;
            notices.failed("Cannot open workspace " + target, failure);
        }).onFinished(() -> opening.set(false)));
    }

    private record Opened(WorkspaceSession session, boolean demoCreated, boolean hasDemo, String problem) {
    }

    /** The open workspace, or null while none is (or one is being opened). */
    public ReadOnlyObjectProperty<WorkspaceSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public WorkspaceSession getSession() {
        return session.get();
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return opening.getReadOnlyProperty();
    }

    /** Bumped whenever devices or mirrors are added or removed, and when a workspace opens. */
    public ReadOnlyIntegerProperty catalogRevisionProperty() {
        return catalogRevision.getReadOnlyProperty();
    }

    /** Tells the screens that the catalog changed. */
    public void catalogChanged() {
        WorkspaceSession current = session.get();
        if (current != null) {
            current.catalogChanged();
        } else {
            catalogRevision.set(catalogRevision.get() + 1);
        }
    }

    /** Hears the changes of whichever workspace is open, now and later; called on the changing thread. */
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Whether the open workspace holds the demo. */
    public ReadOnlyBooleanProperty demoPresentProperty() {
        return demoPresent.getReadOnlyProperty();
    }

    /**
     * Reads in the background what removing the demo deletes, and hands the text to {@code then}; says
     * instead why not when a workflow holds the demo's mirror, before anything is asked.
     */
    public void demoRemovalText(Consumer<String> then) {
        WorkspaceSession current = session.get();
        if (current == null) {
            return;
        }
        tasks.submit(BackgroundJob.of("Reading the demo", progress -> DemoWorkspace.read(current.directory()))
                .onSuccess(contents -> contents.ifPresent(c -> {
                    Optional<String> holder = current.holder(c.mirror());
                    if (holder.isPresent()) {
                        notices.error("Cannot remove the demo: its mirror is in use by " + holder.get()
                                + "; finish or stop that first.");
                    } else {
                        then.accept(DemoWorkspace.describeRemoval(c));
                    }
                }))
                .onFailure(failure -> notices.failed("Cannot read the demo's marker", failure)));
    }

    /** Deletes the demo in the background; call after the administrator confirmed. */
    public void removeDemo() {
        WorkspaceSession current = session.get();
        if (current == null) {
            return;
        }
        tasks.submit(BackgroundJob.of("Removing the demo", progress -> {
            Optional<DemoWorkspace.Contents> contents = DemoWorkspace.read(current.directory());
            if (contents.isPresent()) {
                DemoWorkspace.remove(current, contents.get());
            }
            return contents.isPresent() && !DemoWorkspace.isPresent(current.directory());
        }).onSuccess(removed -> {
            if (removed) {
                demoPresent.set(false);
                notices.info("The demo was removed.");
            }
        }).onFailure(failure -> notices.failed("Cannot remove the demo", failure)));
    }

    /** Closes the open workspace on the calling thread, flushing its mirrors; called when the console exits. */
    @Override
    public void close() {
        WorkspaceSession current = session.get();
        session.set(null);
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // Exiting: the devices' own state is consistent whatever a failed flush left.
            }
        }
    }
}
