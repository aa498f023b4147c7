package io.tagmirror.console.devices;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.Failures;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and validation of the "Create device" dialog: the folder and the block size as typed,
 * what is wrong with them, and the engine's refusal when formatting fails.
 */
public final class CreateDeviceViewModel {

    /** Block sizes offered in the dialog; any power of two from 512 B to 1 MiB is accepted. */
    public static final List<String> BLOCK_SIZES = List.of("512", "4096", "16384", "65536", "1MiB");

    private final DeviceActionsViewModel actions;
    private final Set<Path> knownPaths;
    private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
    private final StringProperty blockSize = new SimpleStringProperty(this, "blockSize", "4096");
    private final StringBinding problem;
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper(this, "refusal");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final BooleanBinding canCreate;

    /**
     * @param actions where the device is made
     * @param knownPaths the folders of the workspace's devices, refused again
     * @param suggestion the folder to start with; may be empty
     */
    public CreateDeviceViewModel(DeviceActionsViewModel actions, Set<Path> knownPaths, String suggestion) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.knownPaths = Set.copyOf(knownPaths);
        folder.set(suggestion == null ? "" : suggestion);
        problem = Bindings.createStringBinding(() -> validate(folder.get(), blockSize.get()), folder, blockSize);
        // A new attempt starts clean: the last refusal was about the previous input.
        folder.addListener(obs -> refusal.set(null));
        blockSize.addListener(obs -> refusal.set(null));
        canCreate = problem.isNull().and(busy.not());
    }

    public StringProperty folderProperty() {
        return folder;
    }

    public StringProperty blockSizeProperty() {
        return blockSize;
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

    /** Formats the device in the background; {@code onCreated} runs once it is in the catalog. */
    public void create(Runnable onCreated) {
        if (!canCreate.get()) {
            return;
        }
        busy.set(true);
        Path dir = Path.of(folder.get().trim());
        int size;
        try {
            size = parseBlockSize(blockSize.get());
        } catch (TagMirrorException e) {
            busy.set(false);
            refusal.set(e.getMessage());
            return;
        }
        actions.create(dir, size, created -> {
            busy.set(false);
            onCreated.run();
        }, failure -> {
            busy.set(false);
            refusal.set(Failures.describe(failure));
        });
    }

    String validate(String folderText, String blockSizeText) {
        String text = folderText == null ? "" : folderText.trim();
        if (text.isEmpty()) {
            return "Choose the folder that will hold the device.";
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            return "'" + text + "' is not a valid folder name.";
        }
        if (!path.isAbsolute()) {
            return "Give the full path of the folder, e.g. /srv/mirror-a/device.";
        }
        if (knownPaths.contains(path.toAbsolutePath().normalize())) {
            return "A device of this workspace is already at " + path + ".";
        }
        try {
            parseBlockSize(blockSizeText);
        } catch (TagMirrorException e) {
            return e.getMessage();
        }
        return null;
    }

    /** The block size typed, checked by the same rule as the engine's, so the dialog can say so at once. */
    public static int parseBlockSize(String text) throws TagMirrorException {
        long bytes = ByteSize.parse(text == null ? "" : text.trim());
        if (bytes < 512 || bytes > (1 << 20) || Long.bitCount(bytes) != 1) {
            throw new TagMirrorException("Block size " + text.trim() + " is not allowed: use a power of two from 512 bytes to 1 MiB.");
        }
        return (int) bytes;
    }
}
