package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The manual pages written from the command tree: one per top-level command, complete, and readable by man. */
class ManPageTest {

    @TempDir
    Path out;

    @Test
    void everyVisibleTopLevelCommandHasAPageAndHiddenOnesHaveNone() throws IOException {
        PackageFiles.write(out, "9.8.7", "2026-01-02");
        CommandLine root = TagMirrorCli.commandLine(new StopRequest());

        List<String> expected = new ArrayList<>(List.of("tagmirror.1"));
        for (CommandLine sub : ManPage.visibleSubcommands(root)) {
            expected.add("tagmirror-" + sub.getCommandName() + ".1");
        }
        try (var files = Files.list(out.resolve("man"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(expected).contains("tagmirror-device.1", "tagmirror-mirror.1", "tagmirror-verify.1")
                .doesNotContain("tagmirror-completion-names.1");
        assertThat(page("tagmirror")).doesNotContain("completion\\-names");
    }

    @Test
    void eachPageNamesEveryCommandAndOptionBelowItAsHelpDoes() throws IOException {
        PackageFiles.write(out, "9.8.7", "2026-01-02");
        CommandLine root = TagMirrorCli.commandLine(new StopRequest());
        for (CommandLine top : ManPage.visibleSubcommands(root)) {
            String page = page(ManPage.pageName(top));
            assertThat(page).startsWith(".\\\"").contains(".TH \"" + ManPage.pageName(top).toUpperCase()
                    + "\" 1 \"2026-01-02\" \"TagMirror 9.8.7\"");
            for (CommandLine leaf : ManPage.leaves(top)) {
                assertThat(page).as("%s in its page", leaf.getCommandSpec().qualifiedName())
                        .contains(ManPage.escape(leaf.getCommandSpec().qualifiedName()));
                for (OptionSpec o : leaf.getCommandSpec().options()) {
                    if (!o.hidden()) {
                        assertThat(page).as("%s %s", leaf.getCommandSpec().qualifiedName(), o.longestName())
                                .contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR");
                    }
                }
            }
            assertThat(page(ManPage.pageName(root))).contains(".BR " + ManPage.escape(ManPage.pageName(top)) + " (1)");
        }
    }

    @Test
    void exitCodesEnvironmentAndFilesHaveTheirOwnSections() throws IOException {
        PackageFiles.write(out, "9.8.7", "2026-01-02");
        String page = page("tagmirror-mirror");

        String exit = section(page, "EXIT STATUS");
        for (ExitCode c : ExitCode.values()) {
            assertThat(exit).contains(".TP\n.B " + c.code() + "\n" + ManPage.escape(c.meaning()));
        }
        assertThat(section(page, "ENVIRONMENT")).contains("TAGMIRROR_WORKSPACE", "XDG_DATA_HOME");
        assertThat(section(page, "FILES")).contains("catalog.db", "device.json", "tags.log");
        assertThat(section(page, "COMMANDS")).contains(".SS \"tagmirror mirror create\"", ".SS \"tagmirror mirror replace\"");
        // The options every mirror command shares are listed once, under OPTIONS.
        assertThat(section(page, "OPTIONS")).contains("\\-\\-workspace");
        assertThat(section(page, "COMMANDS")).doesNotContain("\\fB\\-\\-workspace\\fR").contains("\\fB\\-\\-size\\fR");
    }

    @Test
    void manRendersEveryPageWithoutTroffWarnings() throws Exception {
        assumeTrue(onPath("man") && onPath("groff"), "man and groff not installed (packages man-db, groff-base)");
        PackageFiles.write(out, "9.8.7", "2026-01-02");
        try (var files = Files.list(out.resolve("man"))) {
            for (Path file : files.toList()) {
                Run warnings = run(List.of("groff", "-man", "-ww", "-z", "-Tutf8", file.toString()), Map.of());
                assertThat(warnings.err).as("troff warnings for %s", file.getFileName()).isEmpty();
                Run man = run(List.of("man", "-l", file.toString()), Map.of("MANWIDTH", "100", "MAN_KEEP_FORMATTING", ""));
                assertThat(man.exit).as("man -l %s: %s", file.getFileName(), man.err).isZero();
                assertThat(man.out).contains("NAME", "SYNOPSIS", "EXIT STATUS", "FILES").doesNotContain("\\f", ".TP");
            }
        }
        Run mirror = run(List.of("man", "-l", out.resolve("man/tagmirror-mirror.1").toString()), Map.of("MANWIDTH", "200"));
        assertThat(mirror.out).contains("tagmirror-mirror - Create, import and inspect mirrors")
                .contains("tagmirror mirror create [-hV] [--json] [--intent-extent=SIZE] [--intent-extents=N] --size=<bytes>"
                        + " [--workspace=DIR] NAME DIR...")
                .contains("--size=<bytes>");
    }

    private String page(String name) throws IOException {
        return Files.readString(out.resolve("man").resolve(name + ".1"), StandardCharsets.UTF_8);
    }

    /** The text from {@code .SH NAME} to the next section. */
    private static String section(String page, String name) {
        int start = page.indexOf(".SH " + name + "\n");
        assertThat(start).as("section %s", name).isNotNegative();
        int end = page.indexOf("\n.SH ", start + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path o = Files.createTempFile("man", ".out");
        Path e = Files.createTempFile("man", ".err");
        try {
            Process p = pb.redirectOutput(o.toFile()).redirectError(e.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish in 60 s");
            }
            return new Run(p.exitValue(), Files.readString(o), Files.readString(e));
        } finally {
            Files.deleteIfExists(o);
            Files.deleteIfExists(e);
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
