package io.tagmirror.workspace;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which workspace a command or the console works on, and why that one: {@code --workspace}, else
 * {@code $TAGMIRROR_WORKSPACE}, else the workspace used last (the console remembers one, the command
 * line does not), else the user's data directory. Both faces resolve it here so that they never
 * disagree about where a test workspace or a real one is.
 *
 * @param directory the workspace folder, absolute
 * @param source where that folder came from
 */
public record WorkspaceLocation(Path directory, Source source) {

    /** Where a workspace folder came from, in the order they are asked. */
    public enum Source {
        OPTION("from --workspace"),
        ENVIRONMENT("from $" + Workspace.ENVIRONMENT_VARIABLE),
        LAST_USED("used last time"),
        DEFAULT("the default workspace");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /** A few words for a status line: "from $TAGMIRROR_WORKSPACE". */
        public String description() {
            return description;
        }
    }

    public WorkspaceLocation {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(source, "source");
        directory = directory.toAbsolutePath().normalize();
    }

    /** Resolves with this process's environment; {@code option} is null when not given. */
    public static WorkspaceLocation resolve(Path option, Optional<Path> lastUsed) {
        return resolve(option, System.getenv(), lastUsed);
    }

    /**
     * Resolves {@code option} (null when not given), the environment's variable, {@code lastUsed}
     * (taken only while it still holds a workspace: a deleted one falls through) and the default, in
     * that order.
     */
    public static WorkspaceLocation resolve(Path option, Map<String, String> environment, Optional<Path> lastUsed) {
        if (option != null) {
            return new WorkspaceLocation(option, Source.OPTION);
        }
        String variable = environment.get(Workspace.ENVIRONMENT_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return new WorkspaceLocation(Paths.get(variable), Source.ENVIRONMENT);
        }
        if (lastUsed.isPresent() && Workspace.exists(lastUsed.get())) {
            return new WorkspaceLocation(lastUsed.get(), Source.LAST_USED);
        }
        return new WorkspaceLocation(userDataDirectory(environment), Source.DEFAULT);
    }

    /** {@code $XDG_DATA_HOME/tagmirror}, else {@code ~/.local/share/tagmirror}. */
    static Path userDataDirectory(Map<String, String> environment) {
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".local", "share");
        return base.resolve("tagmirror");
    }
}
