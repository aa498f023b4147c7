package io.tagmirror.console.drives;

import io.tagmirror.console.devices.CreateDeviceViewModel;
import io.tagmirror.console.devices.DeviceActionsViewModel;
import io.tagmirror.console.ui.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.Failures;
import io.tagmirror.operations.disks.DriveUse;
import io.tagmirror.operations.disks.FormatCheck;
import io.tagmirror.operations.disks.SurveyedDrive;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of "Create TagMirror device" on a disk, a partition or an image file: the engine's checks run
 * before anything is written and what they found, what the format will overwrite, the forced format's
 * consent when the drive carries something, and for a whole disk its name typed as confirmation.
 * Create is enabled only when nothing stands in the way; the format runs the same checks again.
 */
public final class CreateOnDriveViewModel {

    private final DeviceActionsViewModel actions;
    private final SurveyedDrive drive;
    private final StringProperty imagePath = new SimpleStringProperty(this, "imagePath", "");
    private final StringProperty imageSize = new SimpleStringProperty(this, "imageSize", "8GiB");
    private final StringProperty blockSize = new SimpleStringProperty(this, "blockSize", "4096");
    private final StringProperty typedName = new SimpleStringProperty(this, "typedName", "");
    private final BooleanProperty force = new SimpleBooleanProperty(this, "force", false);
    private final ReadOnlyObjectWrapper<FormatCheck> check = new ReadOnlyObjectWrapper<>(this, "check");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");
    private final StringBinding problem;
    private final BooleanBinding canCreate;

    /** The dialog for {@code drive}, a disk or partition of the survey; its checks start at once. */
    public static CreateOnDriveViewModel onDrive(DeviceActionsViewModel actions, SurveyedDrive drive) {
        CreateOnDriveViewModel model = new CreateOnDriveViewModel(actions, Objects.requireNonNull(drive, "drive"));
        model.runCheck(drive.node());
        return model;
    }

    /** The dialog for an image file: a new sparse file of the size given, or an existing file formatted in place. */
    public static CreateOnDriveViewModel onImage(DeviceActionsViewModel actions, String suggestedPath) {
        CreateOnDriveViewModel model = new CreateOnDriveViewModel(actions, null);
        model.imagePath.set(suggestedPath == null ? "" : suggestedPath);
        model.imagePath.addListener((obs, old, now) -> model.imageChanged());
        model.imageChanged();
        return model;
    }

    private CreateOnDriveViewModel(DeviceActionsViewModel actions, SurveyedDrive drive) {
        this.actions = Objects.requireNonNull(actions, "actions");
        this.drive = drive;
        problem = Bindings.createStringBinding(this::validate, imagePath, imageSize, blockSize, typedName, force,
                check, checking);
        // a new attempt starts clean: the last failure was about the previous input
        for (var p : List.of(imagePath, imageSize, blockSize, typedName)) {
            p.addListener(obs -> failure.set(null));
        }
        force.addListener(obs -> failure.set(null));
        canCreate = problem.isNull().and(busy.not());
    }

    /** The disk or partition, or null for an image file. */
    public SurveyedDrive drive() {
        return drive;
    }

    /** Whether the administrator must type the drive's name: a whole disk takes every partition with it. */
    public boolean needsTypedName() {
        return drive != null && drive.isWholeDisk();
    }

    /** Where the device goes: the drive's node, or the image file typed. */
    public Path target() {
        return drive != null ? drive.node() : Path.of(imagePath.get().trim());
    }

    private void imageChanged() {
        check.set(null);
        Path path = imagePathOrNull();
        if (path != null && Files.exists(path)) {
            runCheck(path);
        }
    }

    private void runCheck(Path path) {
        checking.set(true);
        actions.checkDrive(path, found -> {
            // a result for a path typed before is not about this one
            if (found.path().equals(path.toAbsolutePath().normalize()) && (drive != null || path.equals(imagePathOrNull()))) {
                check.set(found);
            }
            checking.set(false);
        });
    }

    private Path imagePathOrNull() {
        String text = imagePath.get() == null ? "" : imagePath.get().trim();
        try {
            Path p = Path.of(text);
            return text.isEmpty() || !p.isAbsolute() ? null : p.normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Whether the image path names a file there already, which is formatted in place (its size kept). */
    public boolean imageExists() {
        Path p = imagePathOrNull();
        return drive == null && p != null && Files.exists(p);
    }

    /**
     * What formatting destroys, one line each: what the drive carries, what uses it, a whole disk's
     * partitions; empty when there is nothing to lose that TagMirror can see.
     */
    public List<String> overwritten() {
        List<String> out = new ArrayList<>();
        FormatCheck found = check.get();
        if (drive != null) {
            if (!drive.signatures().isEmpty()) {
                out.add(drive.devicePath() + " carries " + drive.content());
            }
            for (DriveUse use : drive.uses()) {
                out.add(drive.devicePath() + ": " + use.describe());
            }
            for (SurveyedDrive part : drive.partitions()) {
                String what = part.readable() && !part.signatures().isEmpty() ? part.content() : "its data";
                String used = part.uses().isEmpty() ? "" : " (" + part.usedBy() + ")";
                out.add("partition " + part.devicePath() + ", " + ByteSize.format(part.sizeBytes()) + ": " + what + used);
            }
        } else if (found != null && found.verdict() == FormatCheck.Verdict.CARRIES_SIGNATURE) {
            out.add(found.path() + " carries " + String.join(", ", found.signatures()));
        }
        if (drive != null && out.isEmpty() && !drive.readable()) {
            out.add(drive.devicePath() + " could not be read: what it holds is unknown");
        }
        return out;
    }

    /** What stands in the way of Create, or null when it may go ahead. */
    private String validate() {
        if (drive != null && drive.isBusy()) {
            return refusalInUse();
        }
        if (drive == null) {
            String image = validateImage();
            if (image != null) {
                return image;
            }
        }
        if (checking.get()) {
            return "Checking " + (drive != null ? drive.devicePath() : imagePath.get().trim()) + "…";
        }
        FormatCheck found = check.get();
        if (found != null && found.verdict() == FormatCheck.Verdict.REFUSED) {
            return found.message();
        }
        if (found != null && found.verdict() == FormatCheck.Verdict.CARRIES_SIGNATURE && !force.get()) {
            return "It carries " + String.join(", ", found.signatures()) + ". Tick \"Overwrite what is there\" only if"
                    + " nothing on it is needed.";
        }
        if (drive != null && found == null) {
            return "Checking " + drive.devicePath() + "…";
        }
        if (needsTypedName()) {
            String typed = typedName.get() == null ? "" : typedName.get().trim();
            if (!typed.equals(drive.name()) && !typed.equals(drive.devicePath())) {
                return "Type " + drive.name() + " to confirm that the whole disk " + drive.devicePath() + " is erased.";
            }
        }
        try {
            CreateDeviceViewModel.parseBlockSize(blockSize.get());
        } catch (TagMirrorException e) {
            return e.getMessage();
        }
        return null;
    }

    private String validateImage() {
        String text = imagePath.get() == null ? "" : imagePath.get().trim();
        if (text.isEmpty()) {
            return "Give the image file's full path, e.g. /var/lib/tagmirror/disk-a.img.";
        }
        if (imagePathOrNull() == null) {
            return "Give the full path of the image file, e.g. /var/lib/tagmirror/disk-a.img.";
        }
        if (!imageExists()) {
            try {
                long bytes = io.tagmirror.engine.ByteSize.parse(imageSize.get() == null ? "" : imageSize.get().trim());
                if (bytes <= 0) {
                    return "Give the image's size, e.g. 8GiB.";
                }
            } catch (TagMirrorException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** The survey's reason, in the words the engine's refusal uses, and the way out. */
    private String refusalInUse() {
        for (DriveUse use : drive.uses()) {
            if (use.blocksFormatting()) {
                return drive.devicePath() + " is " + use.describe() + "; nothing will be written: " + wayOut(use);
            }
        }
        for (SurveyedDrive part : drive.partitions()) {
            for (DriveUse use : part.uses()) {
                if (use.blocksFormatting()) {
                    return drive.devicePath() + " (its partition " + part.devicePath() + ") is " + use.describe()
                            + "; nothing will be written: " + wayOut(use);
                }
            }
        }
        return drive.devicePath() + " is in use";
    }

    private static String wayOut(DriveUse use) {
        return switch (use.kind()) {
            case MOUNTED -> "unmount it first";
            case SWAP -> "swapoff it first";
            case HELD -> "stop that device first";
            default -> "";
        };
    }

    /** Formats the drive, or makes the image, in the background; {@code onCreated} runs once it is in the catalog. */
    public void create(Runnable onCreated) {
        if (!canCreate.get()) {
            return;
        }
        int size;
        try {
            size = CreateDeviceViewModel.parseBlockSize(blockSize.get());
        } catch (TagMirrorException e) {
            failure.set(e.getMessage());
            return;
        }
        busy.set(true);
        Consumer<UUID> done = uuid -> {
            busy.set(false);
            onCreated.run();
        };
        Consumer<Throwable> failed = f -> {
            busy.set(false);
            failure.set(Failures.describe(f));
        };
        if (drive == null && !imageExists()) {
            long bytes;
            try {
                bytes = io.tagmirror.engine.ByteSize.parse(imageSize.get().trim());
            } catch (TagMirrorException e) {
                busy.set(false);
                failure.set(e.getMessage());
                return;
            }
            actions.createImage(target(), bytes, size, done, failed);
        } else {
            actions.createOnDrive(target(), size, force.get(), done, failed);
        }
    }

    public StringProperty imagePathProperty() {
        return imagePath;
    }

    public StringProperty imageSizeProperty() {
        return imageSize;
    }

    public StringProperty blockSizeProperty() {
        return blockSize;
    }

    public StringProperty typedNameProperty() {
        return typedName;
    }

    /** The administrator's consent to destroy what the drive carries: {@code --force}. */
    public BooleanProperty forceProperty() {
        return force;
    }

    /** What the engine's checks found, or null while they run (or for a new image file). */
    public ReadOnlyObjectProperty<FormatCheck> checkProperty() {
        return check.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Why the last format failed, or null. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** What stands in the way of Create, or null. */
    public StringBinding problemProperty() {
        return problem;
    }

    public BooleanBinding canCreateProperty() {
        return canCreate;
    }
}
