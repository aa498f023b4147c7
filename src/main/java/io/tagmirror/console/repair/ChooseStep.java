package io.tagmirror.console.repair;

import io.tagmirror.console.workflow.MirrorAccess;
import io.tagmirror.operations.Failures;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Step 1: the workspace's mirrors and the one the administrator chose. */
public final class ChooseStep {

    private final MirrorAccess access;
    private final WizardWork work;
    private final ObservableList<String> mirrors = FXCollections.observableArrayList();
    private final ObservableList<String> mirrorsReadOnly = FXCollections.unmodifiableObservableList(mirrors);
    private final ObjectProperty<String> mirror = new SimpleObjectProperty<>(this, "mirror");

    ChooseStep(MirrorAccess access, WizardWork work) {
        this.access = Objects.requireNonNull(access, "access");
        this.work = Objects.requireNonNull(work, "work");
    }

    /** Lists the workspace's mirrors and preselects {@code preselected} (may be null), or the only one. */
    void start(String preselected) {
        work.quick("Listing mirrors", p -> access.mirrorNames(), names -> {
            mirrors.setAll(names);
            if (preselected != null && names.contains(preselected)) {
                mirror.set(preselected);
            } else if (mirror.get() == null && names.size() == 1) {
                mirror.set(names.get(0));
            }
            if (names.isEmpty()) {
                work.fail("The open workspace has no mirror yet; create one on the Mirrors screen.");
            }
        }, e -> "Cannot list the mirrors: " + Failures.describe(e));
    }

    /** Whether a mirror is chosen. */
    boolean chosen() {
        return mirror.get() != null && !mirror.get().isBlank();
    }

    /** The workspace's mirror names; read-only, the step fills it. */
    public ObservableList<String> mirrors() {
        return mirrorsReadOnly;
    }

    /** The chosen mirror's name. */
    public ObjectProperty<String> mirrorProperty() {
        return mirror;
    }
}
