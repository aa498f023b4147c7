package io.tagmirror.console;

import io.tagmirror.console.settings.ConsoleSettings;
import io.tagmirror.console.task.BackgroundTasks;
import io.tagmirror.console.task.TaskRunner;
import java.util.Objects;

/**
 * What every screen may need from the console: its settings, the runner for slow work, the list
 * of running background tasks and the build info.
 *
 * @param settings remembered between runs
 * @param tasks runs slow work off the FX thread
 * @param backgroundTasks the tasks the status bar shows
 * @param appInfo name and version
 */
public record ConsoleServices(ConsoleSettings settings, TaskRunner tasks, BackgroundTasks backgroundTasks,
                              AppInfo appInfo) {

    public ConsoleServices {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(backgroundTasks, "backgroundTasks");
        Objects.requireNonNull(appInfo, "appInfo");
    }
}
