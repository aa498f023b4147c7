package io.tagmirror.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.cli.ZshCompletionTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The .deb that {@code mvn -Pinstaller package} builds, unpacked with {@code dpkg-deb} as dpkg would
 * install it: the Debian files beside the program (manual pages, completion, copyright, changelog),
 * no maintainer scripts, and each of them working as an administrator uses it, with the unpacked
 * program.
 *
 * <p>Skipped (by assumption) when no package has been built or {@code dpkg-deb} is missing.
 */
class DebPackageTest {

    private static final Path INSTALLER_DIR = Paths.get("target", "installer");

    private static Path deb;
    private static Path root;
    private static Path control;

    @BeforeAll
    static void unpack() throws Exception {
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb not installed (package dpkg)");
        deb = findDeb();
        assumeTrue(deb != null, "no .deb under " + INSTALLER_DIR.toAbsolutePath()
                + ": build it with mvn -Pinstaller -DskipTests package");
        root = Files.createTempDirectory("tagmirror-deb");
        control = root.resolve("DEBIAN");
        assertThat(run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of()).exit).isZero();
        assertThat(run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), Map.of()).exit).isZero();
    }

    @AfterAll
    static void clean() throws IOException {
        if (root != null) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void theCommandAndTheMenuEntryBelongToThePackageAndNoMaintainerScriptIsLeft() throws IOException {
        Path link = root.resolve("usr/bin/tagmirror");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Paths.get("/opt/tagmirror/bin/tagmirror"));
        assertThat(root.resolve("usr/share/applications/tagmirror.desktop")).content()
                .contains("Exec=/opt/tagmirror/bin/tagmirror");
        for (String script : List.of("preinst", "postinst", "prerm", "postrm")) {
            assertThat(control.resolve(script)).as("maintainer script %s", script).doesNotExist();
        }
    }

    @Test
    void md5sumsAndInstalledSizeCoverWhatWasAdded() throws Exception {
        List<String> sums = Files.readAllLines(control.resolve("md5sums"));
        List<String> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> !p.startsWith(control) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> files.add(root.relativize(p).toString()));
        }
        assertThat(sums).hasSize(files.size());
        for (String line : sums) {
            String[] parts = line.split("  ", 2);
            assertThat(md5(root.resolve(parts[1]))).as(parts[1]).isEqualTo(parts[0]);
        }
        assertThat(files).contains("usr/share/man/man1/tagmirror.1.gz", "usr/share/doc/tagmirror/copyright");
    }

    @Test
    void copyrightIsMachineReadableAndTheChangelogNamesThisVersion() throws IOException {
        Path doc = root.resolve("usr/share/doc/tagmirror");
        assertThat(Files.readString(doc.resolve("copyright")))
                .startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")
                .contains("\nFiles: *\n", "\nLicense: Apache-2.0\n", "Files: opt/tagmirror/lib/runtime/*");
        String changelog = gunzip(doc.resolve("changelog.Debian.gz"));
        assertThat(changelog.lines().findFirst().orElse(""))
                .startsWith("tagmirror (" + field("Version") + ") ");
    }

    @Test
    void manReadsEveryPageFromThePackage() throws Exception {
        assumeTrue(onPath("man"), "man not installed (package man-db)");
        Path man1 = root.resolve("usr/share/man/man1");
        List<String> pages;
        try (Stream<Path> all = Files.list(man1)) {
            pages = all.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(pages).contains("tagmirror.1.gz", "tagmirror-device.1.gz", "tagmirror-mirror.1.gz",
                "tagmirror-compare.1.gz", "tagmirror-repair.1.gz", "tagmirror-verify.1.gz");
        for (String page : pages) {
            Result r = run(List.of("man", "-l", man1.resolve(page).toString()), Map.of("MANWIDTH", "100"));
            assertThat(r.exit).as("man -l %s: %s", page, r.err).isZero();
            assertThat(r.out).contains("NAME", "SYNOPSIS", "EXIT STATUS", "FILES");
        }
        // gzip -9 without a name or time stamp, as Debian wants (the package builds reproducibly).
        byte[] head = Files.readAllBytes(man1.resolve("tagmirror.1.gz"));
        assertThat(head[3] & 0x08).as("FNAME flag").isZero();
        assertThat(head[4] | head[5] | head[6] | head[7]).as("MTIME").isZero();
        assertThat(head[8]).as("XFL: maximum compression").isEqualTo((byte) 2);
    }

    @Test
    void completionFromThePackageOffersTheWorkspacesMirrorsThroughTheUnpackedProgram() throws Exception {
        assumeTrue(onPath("bash"), "bash not installed");
        Path program = root.resolve("opt/tagmirror/bin/tagmirror");
        Path tmp = Files.createTempDirectory(root, "work");
        Map<String, String> env = Map.of("TAGMIRROR_WORKSPACE", tmp.resolve("ws").toString(),
                "XDG_CACHE_HOME", tmp.resolve("cache").toString());
        for (String d : List.of("a", "b")) {
            Result r = run(List.of(program.toString(), "device", "create", tmp.resolve(d).toString()), env);
            assertThat(r.exit).as(r.err).isZero();
        }
        Result made = run(List.of(program.toString(), "mirror", "create", "served", "--size", "1MiB",
                tmp.resolve("a").toString(), tmp.resolve("b").toString()), env);
        assertThat(made.exit).as(made.err).isZero();

        Path script = root.resolve("usr/share/bash-completion/completions/tagmirror");
        Result r = run(List.of("bash", "--norc", "--noprofile", "-c",
                "source \"$1\"; complete -p tagmirror; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));"
                        + " _tagmirror; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "_", script.toString(), program.toString(), "mirror", "status", ""), env);
        assertThat(r.err).isEmpty();
        assertThat(r.out.lines().toList()).containsExactly("complete -F _tagmirror tagmirror", "served");
    }

    @Test
    void zshCompletesFromThePackageThroughItsBashScriptAndTheUnpackedProgram() throws Exception {
        assumeTrue(onPath("zsh"), "zsh not installed (apt-get install zsh)");
        Path program = root.resolve("opt/tagmirror/bin/tagmirror");
        Path tmp = Files.createTempDirectory(root, "zsh");
        Map<String, String> env = Map.of("TAGMIRROR_WORKSPACE", tmp.resolve("ws").toString(),
                "XDG_CACHE_HOME", tmp.resolve("cache").toString());
        for (String d : List.of("a", "b")) {
            Result r = run(List.of(program.toString(), "device", "create", tmp.resolve(d).toString()), env);
            assertThat(r.exit).as(r.err).isZero();
        }
        Result made = run(List.of(program.toString(), "mirror", "create", "served", "--size", "1MiB",
                tmp.resolve("a").toString(), tmp.resolve("b").toString()), env);
        assertThat(made.exit).as(made.err).isZero();

        // zsh finds _tagmirror on its fpath; it reads the bash script where the package put it, here unpacked
        String bashScript = "/usr/share/bash-completion/completions/tagmirror";
        Path fpath = Files.createDirectories(tmp.resolve("fpath"));
        String zsh = Files.readString(root.resolve("usr/share/zsh/vendor-completions/_tagmirror"));
        assertThat(zsh).startsWith("#compdef tagmirror").contains("source " + bashScript);
        Files.writeString(fpath.resolve("_tagmirror"), zsh.replace(bashScript, root.resolve(bashScript.substring(1)).toString()));

        assertThat(ZshCompletionTest.complete(fpath, program.getParent(), env, tmp, "tagmirror mirror st", "tagmirror compare "))
                .containsExactly("tagmirror mirror status ", "tagmirror compare served ");
    }

    @Test
    void thePackagedServeUnitRunsTheUnpackedProgramAsSystemdWouldAndStopsCleanly() throws Exception {
        Path unit = root.resolve("lib/systemd/system/tagmirror-serve@.service");
        assertThat(root.resolve("usr/share/doc/tagmirror/examples/serve.conf")).content().contains("TAGMIRROR_WORKSPACE=");
        Path tmp = Files.createTempDirectory(root, "serve");
        ServeUnitTest.serveAsTheUnitWould(unit, root.resolve("opt/tagmirror/bin/tagmirror"), tmp);
    }

    @Test
    void systemdAnalyzeVerifiesTheServeUnit() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze not installed (package systemd)");
        // An instance of the template, its program and manual pages those of the unpacked package: verify
        // checks that both exist, and nothing is installed under /opt or /usr/share/man by a test.
        Path dir = Files.createTempDirectory(root, "units");
        Path instance = dir.resolve("tagmirror-serve@home.service");
        Files.writeString(instance, Files.readString(root.resolve("lib/systemd/system/tagmirror-serve@.service"))
                .replace(ServeUnitTest.INSTALLED_PROGRAM, root.resolve("opt/tagmirror/bin/tagmirror").toString()));
        Result r = run(List.of("systemd-analyze", "verify", instance.toString()),
                Map.of("MANPATH", root.resolve("usr/share/man").toString()));
        assertThat(r.err).as("systemd-analyze verify").isEmpty();
        assertThat(r.exit).isZero();
    }

    @Test
    void lintianFindsNothingButTheOverriddenFindingsOfABundledRuntime() throws Exception {
        assumeTrue(onPath("lintian"), "lintian not installed");
        // lintian leaves a cache file in its temporary folder when it ends: it gets one of this test's
        Path tmp = Files.createTempDirectory(root, "lintian");
        Result r = run(List.of("lintian", "--fail-on", "error,warning", deb.toString()), Map.of("TMPDIR", tmp.toString()));
        List<String> findings = r.out.lines().filter(l -> l.matches("^[EW]: .*")).toList();
        assertThat(findings).as("lintian findings not overridden (installer/linux/debian/lintian-overrides)").isEmpty();
        assertThat(r.exit).as("lintian exit; %s", r.err).isZero();
    }

    private static String field(String name) throws IOException {
        return Files.readAllLines(control.resolve("control")).stream().filter(l -> l.startsWith(name + ": "))
                .map(l -> l.substring(name.length() + 2).strip()).findFirst().orElseThrow();
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String md5(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }

    private static Path findDeb() throws IOException {
        if (!Files.isDirectory(INSTALLER_DIR)) {
            return null;
        }
        try (Stream<Path> files = Files.list(INSTALLER_DIR)) {
            return files.filter(p -> p.getFileName().toString().matches("tagmirror_.*\\.deb")).findFirst().orElse(null);
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("TAGMIRROR_WORKSPACE");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("tagmirror-deb", ".out");
        Path err = Files.createTempFile("tagmirror-deb", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish in 180 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
