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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zsh completion driven through an interactive zsh, as a user presses Tab: zsh's own completion
 * system (compinit) finds {@code _tagmirror} on its {@code fpath}, and the line it completes is read
 * back. Names come from a real workspace through this build's command line.
 */
public class ZshCompletionTest {

    @TempDir
    Path tmp;

    @Test
    void zshCompletesCommandsOptionsAndTheWorkspacesMirrorsThroughTheBashScript() throws Exception {
        assumeTrue(ManPageTest.onPath("zsh"), "zsh not installed (apt-get install zsh)");
        PackageFiles.write(tmp.resolve("out"), "0", "2026-01-02");
        Path fpath = installed(tmp.resolve("out"), tmp.resolve("fpath"));
        Path workspace = tmp.resolve("ws");
        CliRunner cli = new CliRunner(workspace);
        for (String d : List.of("a", "b")) {
            assertThat(cli.run("device", "create", tmp.resolve(d).toString())).as(cli.err).isZero();
        }
        assertThat(cli.run("mirror", "create", "vol1", "--size", "1MiB", tmp.resolve("a").toString(),
                tmp.resolve("b").toString())).as(cli.err).isZero();
        Path bin = launcher(tmp.resolve("bin")).getParent();

        List<String> lines = complete(fpath, bin, Map.of("TAGMIRROR_WORKSPACE", workspace.toString()), tmp,
                "tagmirror mirror st", "tagmirror mirror status ", "tagmirror compare --works", "tagmirror verify v",
                "tagmirror device info " + tmp + "/a");
        assertThat(lines).containsExactly("tagmirror mirror status ", "tagmirror mirror status vol1 ",
                "tagmirror compare --workspace ", "tagmirror verify vol1 ",
                // a device of the workspace, as a word: zsh has no compopt, so no slash is added to a directory
                "tagmirror device info " + tmp + "/a ");
    }

    /**
     * Where zsh finds the completion: {@code _tagmirror} as the package installs it, reading the bash
     * script generated beside it instead of the one under /usr/share.
     */
    static Path installed(Path generated, Path fpath) throws IOException {
        Files.createDirectories(fpath);
        String script = Files.readString(generated.resolve("zsh-completion/_tagmirror"));
        assertThat(script).startsWith("#compdef tagmirror\n").contains("source " + ZshCompletion.BASH_SCRIPT + "\n");
        Files.writeString(fpath.resolve("_tagmirror"), script.replace(ZshCompletion.BASH_SCRIPT,
                generated.resolve("bash-completion/tagmirror").toString()));
        return fpath;
    }

    /**
     * Types each of {@code lines} into an interactive zsh, its {@code fpath} starting with {@code fpath} and
     * {@code tagmirror} found in {@code bin}, (in a pseudo-terminal of zsh's zpty) with a
     * key that completes the word at the cursor as Tab does and writes the line as it then is; returns
     * the lines so completed. Each line waits for the one before to be done: zsh drops what was typed
     * ahead of a completion.
     */
    public static List<String> complete(Path fpath, Path bin, Map<String, String> env, Path tmp, String... lines) throws Exception {
        Path out = tmp.resolve("completed.txt");
        Path driver = tmp.resolve("drive.zsh");
        Files.writeString(driver, """
                zmodload zsh/zpty
                fpath_dir=$1 out=$2
                shift 2
                zpty z zsh -f -i
                zpty -w z "fpath=(${(q)fpath_dir} \\$fpath); autoload -U compinit && compinit -u -D"
                zpty -w z "_completed() { zle complete-word; print -r -- \\"[\\$BUFFER]\\" >> ${(q)out}; BUFFER=; }; zle -N _completed; bindkey '^X' _completed"
                n=0
                for line in "$@"; do
                  zpty -w -n z "$line"$'\\C-x'
                  (( n++ ))
                  for i in {1..480}; do
                    [[ -f $out && $(wc -l < $out) -ge $n ]] && break
                    sleep 0.25
                  done
                done
                zpty -d z
                """);
        List<String> command = new ArrayList<>(List.of("zsh", "-f", driver.toString(), fpath.toString(), out.toString()));
        command.addAll(List.of(lines));
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put("PATH", bin.toString() + ":" + System.getenv("PATH"));
        ManPageTest.Run r = ManPageTest.run(command, environment);
        assertThat(r.exit()).as("zsh: %s %s", r.out(), r.err()).isZero();
        assertThat(out).as("zsh completed nothing: %s", r.err()).exists();
        List<String> completed = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            assertThat(l).startsWith("[").endsWith("]");
            completed.add(l.substring(1, l.length() - 1));
        }
        return completed;
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
