package io.tagmirror.console.shell;

import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.Window;

/** Asks the administrator for a workspace folder; a seam so tests need no native file dialog. */
@FunctionalInterface
public interface WorkspaceChooser {

    /**
     * The chosen folder, or empty if the administrator cancelled.
     *
     * @param owner the window the dialog belongs to
     * @param initialDirectory where to start browsing; may be null
     */
    Optional<Path> choose(Window owner, Path initialDirectory);
}
