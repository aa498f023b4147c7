package io.tagmirror.serve;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real clients the tests drive: found on the PATH, or the test is skipped naming the package to install. */
public final class Tools {
    private Tools() {
    }

    /** Skips the test unless {@code tool} is on the PATH. */
    static void require(String tool, String debianPackage) {
        assumeTrue(onPath(tool), tool + " is not installed (apt-get install " + debianPackage + ")");
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** What a run printed and how it ended. */
    record Run(int exit, String out) {
    }

    /** Runs a command this test started, output and errors together; it is killed (by its own pid) if it overruns. */
    static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "tool", ".log");
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new IllegalStateException(String.join(" ", command) + " did not end in 180 s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(p.exitValue(), out);
    }
}
