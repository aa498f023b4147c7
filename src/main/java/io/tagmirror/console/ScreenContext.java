package io.tagmirror.console;

import io.tagmirror.console.session.MirrorFocus;
import io.tagmirror.console.session.Notices;
import io.tagmirror.console.session.SessionViewModel;
import io.tagmirror.console.shell.Section;
import io.tagmirror.console.ui.DirectoryPicker;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a workspace screen needs beyond {@link ConsoleServices}: the open workspace, the mirror in
 * focus, the notice line, a way to switch screens and a way to ask for folders.
 *
 * @param services settings, task runner, build info
 * @param sessions the open workspace and its changes
 * @param focus the mirror the tag tables and block map show
 * @param notices the notice line above the screens
 * @param navigate switches the content area to a section
 * @param picker asks for a folder
 */
public record ScreenContext(ConsoleServices services, SessionViewModel sessions, MirrorFocus focus, Notices notices,
                            Consumer<Section> navigate, DirectoryPicker picker) {

    public ScreenContext {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(focus, "focus");
        Objects.requireNonNull(notices, "notices");
        Objects.requireNonNull(navigate, "navigate");
        Objects.requireNonNull(picker, "picker");
    }
}
