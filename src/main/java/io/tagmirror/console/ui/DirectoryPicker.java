package io.tagmirror.console.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Asks for a folder, e.g. where to create a device; a seam so tests need no native dialog. */
@FunctionalInterface
public interface DirectoryPicker {

    /** The platform's folder dialog. */
    DirectoryPicker NATIVE = (owner, title, initial) -> {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (initial != null && Files.isDirectory(initial)) {
            chooser.setInitialDirectory(initial.toFile());
        }
        File chosen = chooser.showDialog(owner);
        return Optional.ofNullable(chosen).map(File::toPath);
    };

    /**
     * The chosen folder, or empty if the administrator cancelled.
     *
     * @param owner the window the dialog belongs to
     * @param title the dialog's title
     * @param initial where to start browsing; may be null
     */
    Optional<Path> pick(Window owner, String title, Path initial);
}
