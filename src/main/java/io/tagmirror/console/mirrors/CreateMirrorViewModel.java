package io.tagmirror.console.mirrors;

import io.tagmirror.console.session.DeviceSummary;
import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.Failures;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and validation of the "Create mirror" dialog: a name, a size such as 64MiB, and two or more
 * of the workspace's reachable devices, all of one block size.
 */
public final class CreateMirrorViewModel {

    private final MirrorsViewModel mirrors;
    private final Set<String> takenNames;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty size = new SimpleStringProperty(this, "size", "64MiB");
    private final ObservableList<DeviceChoice> choices;
    private final StringBinding problem;
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper(this, "refusal");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final BooleanBinding canCreate;

    /**
     * @param mirrors where the mirror is made
     * @param devices the workspace's devices; only reachable ones are offered
     * @param takenNames names of the workspace's mirrors
     */
    public CreateMirrorViewModel(MirrorsViewModel mirrors, List<DeviceSummary> devices, Set<String> takenNames) {
        this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
        this.takenNames = Set.copyOf(takenNames);
        // Each choice reports its "picked" flag, so the validation reruns when a box is ticked.
        this.choices = FXCollections.observableArrayList(choice -> new Observable[] {choice.pickedProperty()});
        devices.stream().filter(DeviceSummary::reachable).map(DeviceChoice::new).forEach(choices::add);
        problem = Bindings.createStringBinding(this::validate, name, size, choices);
        name.addListener(obs -> refusal.set(null));
        size.addListener(obs -> refusal.set(null));
        canCreate = problem.isNull().and(busy.not());
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty sizeProperty() {
        return size;
    }

    /** The reachable devices, each with whether it is picked. */
    public ObservableList<DeviceChoice> choices() {
        return choices;
    }

    /** What is wrong with the input, or null when it may be submitted. */
    public StringBinding problemProperty() {
        return problem;
    }

    /** Why the engine refused the last attempt, or null. */
    public ReadOnlyStringProperty refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }

    /** Picks the device at {@code path}-order position {@code index}, for tests and keyboard users. */
    public void pick(int index, boolean picked) {
        choices.get(index).pickedProperty().set(picked);
    }

    /** Creates the mirror in the background; {@code onCreated} runs once it is in the catalog. */
    public void create(Runnable onCreated) {
        if (!canCreate.get()) {
            return;
        }
        long bytes;
        try {
            bytes = ByteSize.parse(size.get().trim());
        } catch (TagMirrorException e) {
            refusal.set(e.getMessage());
            return;
        }
        busy.set(true);
        List<UUID> picked = choices.stream().filter(DeviceChoice::isPicked).map(c -> c.device().uuid()).toList();
        mirrors.create(name.get().trim(), bytes, picked, () -> {
            busy.set(false);
            onCreated.run();
        }, failure -> {
            busy.set(false);
            refusal.set(Failures.describe(failure));
        });
    }

    private String validate() {
        String text = name.get() == null ? "" : name.get().trim();
        if (text.isEmpty()) {
            return "Name the mirror, e.g. volume-1.";
        }
        try {
            Mirror.checkName(text);
        } catch (TagMirrorException e) {
            return e.getMessage();
        }
        if (takenNames.contains(text)) {
            return "The workspace already has a mirror named " + text + ".";
        }
        long bytes;
        try {
            bytes = ByteSize.parse(size.get() == null ? "" : size.get().trim());
        } catch (TagMirrorException e) {
            return e.getMessage();
        }
        if (bytes <= 0) {
            return "The size must be more than zero.";
        }
        List<DeviceSummary> picked = choices.stream().filter(DeviceChoice::isPicked).map(DeviceChoice::device).toList();
        if (choices.size() < 2) {
            return "A mirror needs two devices, and this workspace has " + choices.size()
                    + " reachable. Create devices on the Drives screen first.";
        }
        if (picked.size() < 2) {
            return "Pick at least two devices (" + picked.size() + " picked).";
        }
        int blockSize = picked.get(0).blockSize();
        for (DeviceSummary d : picked) {
            if (d.blockSize() != blockSize) {
                return "The picked devices have different block sizes (" + picked.get(0).shortName() + ": "
                        + blockSize + ", " + d.shortName() + ": " + d.blockSize() + "); a mirror needs one block size.";
            }
        }
        if (bytes % blockSize != 0) {
            return "The size must be a whole number of blocks of " + blockSize + " bytes.";
        }
        return null;
    }
}
