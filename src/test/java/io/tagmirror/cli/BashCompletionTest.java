package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion script driven through bash itself, as bash calls it on Tab: {@code COMP_WORDS}
 * and {@code COMP_CWORD} set, the function run, {@code COMPREPLY} read. Names come from a real
 * workspace through the command line.
 */
class BashCompletionTest {

    @TempDir
    Path tmp;

    private Path script;
    private Path program;
    private Path workspace;

    @BeforeEach
    void writeScriptAndAWorkspace() throws IOException {
        assumeTrue(ManPageTest.onPath("bash"), "bash not installed");
        PackageFiles.write(tmp.resolve("out"), "0", "2026-01-02");
        script = tmp.resolve("out/bash-completion/tagmirror");
        program = launcher(tmp.resolve("bin"));
        workspace = tmp.resolve("ws");
        CliRunner cli = new CliRunner(workspace);
        for (String d : List.of("a", "b")) {
            assertThat(cli.run("device", "create", tmp.resolve(d).toString())).as(cli.err).isZero();
        }
        assertThat(cli.run("mirror", "create", "vol1", "--size", "1MiB", tmp.resolve("a").toString(),
                tmp.resolve("b").toString())).as(cli.err).isZero();
    }

    @Test
    void registersItsFunctionForTagmirror() throws Exception {
        ManPageTest.Run r = ManPageTest.run(List.of("bash", "--norc", "--noprofile", "-c",
                "source \"$1\" && complete -p tagmirror", "_", script.toString()), Map.of());
        assertThat(r.err()).isEmpty();
        assertThat(r.out().strip()).isEqualTo("complete -F _tagmirror tagmirror");
    }

    @Test
    void completesCommandsSubCommandsAndOptions() throws Exception {
        assertThat(complete("")).contains("device", "mirror", "compare", "repair", "verify")
                .doesNotContain("completion-names");
        assertThat(complete("mi")).containsExactly("mirror");
        assertThat(complete("mirror", "")).contains("create", "import", "status", "list", "replace").doesNotContain("vol1");
        assertThat(complete("mirror", "create", "--s")).containsExactly("--size");
        assertThat(complete("compare", "--")).contains("--workspace", "--json", "--help", "--version");
        assertThat(complete("device", "create", "/nowhere", "--block-size", "")).isEmpty();
    }

    @Test
    void completesMirrorNamesOfTheWorkspaceAsTheyAreNow() throws Exception {
        assertThat(complete("mirror", "status", "")).containsExactly("vol1");
        assertThat(complete("compare", "v")).containsExactly("vol1");
        // After an option and its value the next word is still the mirror.
        assertThat(complete("write", "--offset", "0", "--length", "10", "")).containsExactly("vol1");

        CliRunner cli = new CliRunner(workspace);
        assertThat(cli.run("device", "create", tmp.resolve("c").toString())).isZero();
        assertThat(cli.run("device", "create", tmp.resolve("d").toString())).isZero();
        assertThat(cli.run("mirror", "create", "vol2", "--size", "1MiB", tmp.resolve("c").toString(),
                tmp.resolve("d").toString())).isZero();
        assertThat(complete("verify", "")).containsExactlyInAnyOrder("vol1", "vol2");

        assertThat(complete("monitor", "--mirror", "")).containsExactlyInAnyOrder("vol1", "vol2");
        // A new name is not one of the workspace's.
        assertThat(complete("mirror", "create", "")).isEmpty();
    }

    @Test
    void followsAWorkspaceTypedOnTheLineInBothSpellings() throws Exception {
        Path other = tmp.resolve("other");
        CliRunner cli = new CliRunner(other);
        assertThat(cli.run("device", "create", tmp.resolve("x").toString())).isZero();
        assertThat(cli.run("device", "create", tmp.resolve("y").toString())).isZero();
        assertThat(cli.run("mirror", "create", "elsewhere", "--size", "1MiB", tmp.resolve("x").toString(),
                tmp.resolve("y").toString())).isZero();

        assertThat(complete("compare", "--workspace", other.toString(), "")).containsExactly("elsewhere");
        // bash's default word breaks split --workspace=DIR into three words.
        assertThat(complete("compare", "--workspace", "=", other.toString(), "")).containsExactly("elsewhere");
        assertThat(complete("compare", "--workspace=" + other, "")).containsExactly("elsewhere");
        // No workspace there: nothing offered, and nothing printed over the command line.
        assertThat(complete("compare", "--workspace", tmp.resolve("none").toString(), "")).isEmpty();
        assertThat(tmp.resolve("none")).doesNotExist();
    }

    @Test
    void completesDevicePathsOfTheWorkspaceAndDirectories() throws Exception {
        Files.createDirectories(tmp.resolve("plain-dir"));
        Files.writeString(tmp.resolve("plain-file"), "x");
        String prefix = tmp.toString() + "/";

        assertThat(complete("device", "info", prefix)).contains(prefix + "a", prefix + "b", prefix + "plain-dir")
                .doesNotContain(prefix + "plain-file");
        assertThat(complete("mirror", "create", "new", prefix + "a", prefix + "pl")).containsExactly(prefix + "plain-dir");
        assertThat(complete("write", "vol1", "--from", prefix + "plain-f")).containsExactly(prefix + "plain-file");
        assertThat(complete("tags", prefix + "b")).contains(prefix + "b");
    }

    /** The words offered for the last of {@code words} (the one at the cursor), after "tagmirror". */
    private List<String> complete(String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "--norc", "--noprofile", "-c",
                "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _tagmirror;"
                        + " (( ${#COMPREPLY[@]} )) && printf '%s\\n' \"${COMPREPLY[@]}\"; exit 0",
                "_", script.toString(), program.toString()));
        command.addAll(Arrays.asList(words));
        ManPageTest.Run r = ManPageTest.run(command, Map.of("TAGMIRROR_WORKSPACE", workspace.toString()));
        assertThat(r.err()).as("bash's standard error for %s", Arrays.toString(words)).isEmpty();
        assertThat(r.exit()).isZero();
        return r.out().isEmpty() ? List.of() : List.of(r.out().split("\n"));
    }

    /** A {@code tagmirror} that runs this build's command line, as the installed launcher would. */
    private static Path launcher(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Path file = dir.resolve("tagmirror");
        Files.writeString(file, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' io.tagmirror.cli.TagMirrorCli \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
