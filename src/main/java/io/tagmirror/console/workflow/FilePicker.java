package io.tagmirror.console.workflow;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Asks for a file to save to or to read; a seam so tests need no native dialog. */
public interface FilePicker {

    /** The platform's file dialogs. */
    FilePicker NATIVE = new FilePicker() {
        @Override
        public Optional<Path> save(Window owner, String title, String initialName) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            chooser.setInitialFileName(initialName);
            File chosen = chooser.showSaveDialog(owner);
            return Optional.ofNullable(chosen).map(File::toPath);
        }

        @Override
        public Optional<Path> open(Window owner, String title) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            File chosen = chooser.showOpenDialog(owner);
            return Optional.ofNullable(chosen).map(File::toPath);
        }
    };

    /** Where to save, or empty if the administrator cancelled. */
    Optional<Path> save(Window owner, String title, String initialName);

    /** Which file to read, or empty if the administrator cancelled. */
    Optional<Path> open(Window owner, String title);
}
