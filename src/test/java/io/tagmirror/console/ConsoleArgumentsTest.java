package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which command lines start the console and which are commands. */
class ConsoleArgumentsTest {

    @Test
    void noArgumentsStartTheConsoleOnTheUsualWorkspace() {
        assertThat(ConsoleArguments.parse()).contains(new ConsoleArguments(Optional.empty()));
    }

    @Test
    void aWorkspaceAloneStartsTheConsoleThere() {
        assertThat(ConsoleArguments.parse("--workspace", "/srv/ws"))
                .contains(new ConsoleArguments(Optional.of(Path.of("/srv/ws"))));
        assertThat(ConsoleArguments.parse("--workspace=/srv/ws"))
                .contains(new ConsoleArguments(Optional.of(Path.of("/srv/ws"))));
    }

    @Test
    void anythingElseIsACommand() {
        assertThat(ConsoleArguments.parse("--workspace")).isEmpty();
        assertThat(ConsoleArguments.parse("--workspace=")).isEmpty();
        assertThat(ConsoleArguments.parse("history")).isEmpty();
        assertThat(ConsoleArguments.parse("history", "--workspace", "/srv/ws")).isEmpty();
        assertThat(ConsoleArguments.parse("--version")).isEmpty();
    }
}
