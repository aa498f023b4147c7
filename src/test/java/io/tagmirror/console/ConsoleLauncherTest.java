package io.tagmirror.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the console where there is no display: one line, the way out, no stack trace. */
class ConsoleLauncherTest {

    @Test
    void withoutADisplayItSaysSoInOneLineAndDoesNotStartJavaFx() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String[]> started = new ArrayList<>();

        int code = ConsoleLauncher.launch(new String[0], Optional.of("neither DISPLAY nor WAYLAND_DISPLAY is set"),
                new PrintStream(err, true, StandardCharsets.UTF_8), started::add);

        assertThat(code).isEqualTo(1);
        assertThat(started).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "tagmirror: the console needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set);"
                        + " the command line works without one: tagmirror --help" + System.lineSeparator());
    }

    @Test
    void aDisplayThatCannotBeOpenedIsOneLineToo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = ConsoleLauncher.launch(new String[0], Optional.empty(), new PrintStream(err, true, StandardCharsets.UTF_8),
                args -> {
                    throw new UnsupportedOperationException("Unable to open DISPLAY");
                });

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("tagmirror: the console needs a display (the display ")
                .endsWith("cannot be opened); the command line works without one: tagmirror --help");
    }

    @Test
    void theJarWithoutArgumentsAndWithoutADisplayPrintsOneLine(@TempDir Path tmp) throws Exception {
        assumeTrue(Display.missing(System.getProperty("os.name"), Map.of(), null).isPresent(),
                "only X11/Wayland systems can lack a display");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.tagmirror.Main");
        Map<String, String> env = pb.environment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        // Were it to start after all, it must not touch the user's workspace.
        env.put("TAGMIRROR_WORKSPACE", tmp.resolve("ws").toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the launcher did not exit without a display");
        }

        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(out)).isEmpty();
        assertThat(Files.readAllLines(err)).containsExactly("tagmirror: the console needs a display"
                + " (neither DISPLAY nor WAYLAND_DISPLAY is set); the command line works without one: tagmirror --help");
        assertThat(tmp.resolve("ws")).doesNotExist();
    }
}
