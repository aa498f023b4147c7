package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --help and --version on every command and sub-command, found by walking the command tree. */
class HelpTest {

    @Test
    void everyCommandAnswersHelpWithItsUsageAndTheExitCodes() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).as("the walk found the sub-commands").hasSizeGreaterThan(15)
                .contains(List.of("device", "create"), List.of("mirror", "replace"), List.of("compare"));
        for (List<String> path : paths) {
            for (String help : List.of("--help", "-h")) {
                Result r = run(path, help);
                assertThat(r.code).as("%s %s: %s", path, help, r.err).isZero();
                assertThat(r.out).as("%s %s", path, help).startsWith("Usage: " + String.join(" ", qualified(path)))
                        .contains("Exit codes:");
                for (ExitCode c : ExitCode.values()) {
                    assertThat(r.out).as("%s %s", path, help).containsPattern("(?m)^  " + c.code() + " +\\S");
                }
                assertThat(r.err).isEmpty();
            }
        }
    }

    @Test
    void everyCommandAnswersVersion() {
        for (List<String> path : commandPaths()) {
            Result r = run(path, "--version");
            assertThat(r.code).as("%s --version: %s", path, r.err).isZero();
            assertThat(r.out.strip()).as("%s --version", path).isEqualTo("TagMirror " + VersionProvider.version());
        }
    }

    @Test
    void compareSaysInItsHelpThatItExitsZeroWithDifferences() {
        assertThat(run(List.of("compare"), "--help").out).contains("exits 0 when the devices differ too");
        assertThat(run(List.of("verify"), "--help").out).contains("Exits 4 when blocks differ");
    }

    /** Every command's words after "tagmirror", the root's being empty. */
    private static List<List<String>> commandPaths() {
        List<List<String>> out = new ArrayList<>();
        walk(TagMirrorCli.commandLine(new StopRequest()), new ArrayList<>(), out);
        return out;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var sub : command.getSubcommands().entrySet()) {
            if (!sub.getKey().equals(sub.getValue().getCommandName())) {
                continue; // an alias: the same command under another name
            }
            path.add(sub.getKey());
            walk(sub.getValue(), path, out);
            path.remove(path.size() - 1);
        }
    }

    private static List<String> qualified(List<String> path) {
        List<String> q = new ArrayList<>(List.of("tagmirror"));
        q.addAll(path);
        return q;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(List<String> path, String option) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(path);
        args.add(option);
        int code = TagMirrorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
