package io.tagmirror.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Starts the launcher of the app image that {@code mvn -Pinstaller package} builds under
 * {@code target/installer/} and checks that it is the command line, on the image's own runtime.
 *
 * <p>Skipped (by assumption) when no image has been built: the default {@code mvn verify} builds none.
 */
class AppImageLauncherTest {

    private static final Path IMAGE_DIR = Paths.get("target", "installer");
    private static final long TIMEOUT_SECONDS = 120;

    private Path launcher;

    /** Where the launched image keeps SQLite's native library: never the user's own cache. */
    @TempDir
    Path cacheHome;

    @BeforeEach
    void findLauncher() {
        launcher = launcherPath();
        assumeTrue(launcher != null && Files.isExecutable(launcher),
                "no app image under " + IMAGE_DIR.toAbsolutePath() + ": build it with mvn -Pinstaller -DskipTests package");
    }

    @Test
    void versionIsThePomVersion() throws Exception {
        Result r = run("--version");

        assertThat(r.exit).as("exit code; stderr: %s", r.err).isZero();
        String version = pomVersion();
        assertThat(r.out.trim()).isEqualTo("TagMirror " + version);
        assertThat(appVersionInLauncherConfig()).as("jpackage --app-version").isEqualTo(version);
    }

    @Test
    void createsADeviceFromTheCommandLine(@TempDir Path tmp) throws Exception {
        Path device = tmp.resolve("dev");
        Path workspace = tmp.resolve("ws");

        Result r = run("device", "create", device.toString(), "--workspace", workspace.toString(), "--json");

        assertThat(r.exit).as("exit code; stderr: %s", r.err).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertThat(UUID.fromString(json.path("uuid").asText())).isNotNull();
        assertThat(Paths.get(json.path("path").asText())).isEqualTo(device.toAbsolutePath().normalize());
        assertThat(json.path("blockSize").asInt()).isPositive();
        assertThat(device).isDirectory();
        assertThat(workspace.resolve("catalog.db")).isRegularFile();
    }

    @Test
    void runtimeIsTheTrimmedOneInTheImage() throws IOException {
        Path release = runtimeDir().resolve("release");
        assertThat(release).isRegularFile();
        String modules = Files.readAllLines(release, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("MODULES=")).findFirst().orElse("");
        assertThat(modules).contains("java.base", "java.desktop", "java.sql", "java.prefs", "jdk.unsupported");
        // jlink made it: a full JDK would carry the compiler and the tools.
        assertThat(modules).doesNotContain("jdk.compiler", "jdk.jpackage");
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        // The image brings its own runtime and must not need any Java from the environment.
        env.remove("JAVA_HOME");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.remove("TAGMIRROR_WORKSPACE");
        env.put("XDG_CACHE_HOME", cacheHome.toString());
        Path outFile = Files.createTempFile("tagmirror-launcher", ".out");
        Path errFile = Files.createTempFile("tagmirror-launcher", ".err");
        try {
            pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(command + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        } finally {
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
        }
    }

    /** bin/tagmirror on Linux, tagmirror-cli.exe (the console launcher) on Windows, inside the bundle on macOS. */
    private static Path launcherPath() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win")) {
            return IMAGE_DIR.resolve("tagmirror").resolve("tagmirror-cli.exe");
        } else if (os.contains("mac")) {
            return IMAGE_DIR.resolve("tagmirror.app").resolve("Contents").resolve("MacOS").resolve("tagmirror");
        }
        return IMAGE_DIR.resolve("tagmirror").resolve("bin").resolve("tagmirror");
    }

    private static Path appDir() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win")) {
            return IMAGE_DIR.resolve("tagmirror").resolve("app");
        } else if (os.contains("mac")) {
            return IMAGE_DIR.resolve("tagmirror.app").resolve("Contents").resolve("app");
        }
        return IMAGE_DIR.resolve("tagmirror").resolve("lib").resolve("app");
    }

    private static Path runtimeDir() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("win")) {
            return IMAGE_DIR.resolve("tagmirror").resolve("runtime");
        } else if (os.contains("mac")) {
            return IMAGE_DIR.resolve("tagmirror.app").resolve("Contents").resolve("runtime").resolve("Contents").resolve("Home");
        }
        return IMAGE_DIR.resolve("tagmirror").resolve("lib").resolve("runtime");
    }

    /** The {@code -Djpackage.app-version} that jpackage wrote into the launcher's configuration. */
    private static String appVersionInLauncherConfig() throws IOException {
        String cfg = Files.readString(appDir().resolve("tagmirror.cfg"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("-Djpackage\\.app-version=(\\S+)").matcher(cfg);
        assertThat(m.find()).as("app version in %s", cfg).isTrue();
        return m.group(1);
    }

    /** The project's own {@code <version>} in pom.xml. */
    private static String pomVersion() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Paths.get("pom.xml").toFile()).getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("version")) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("no <version> in pom.xml");
    }
}
