package io.tagmirror.workload.bench;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's page cache, emptied so a figure measures the drive rather than memory. Only root may
 * empty it (Linux's {@code /proc/sys/vm/drop_caches}), and it slows every process on the machine for
 * a moment, so only the benchmark does it, and only when asked.
 */
final class PageCache {
    private static final Path DROP_CACHES = Path.of("/proc/sys/vm/drop_caches");

    private PageCache() {
    }

    /** Whether this process may empty the page cache: root on Linux. */
    static boolean canDrop() {
        try {
            return Files.isWritable(DROP_CACHES)
                    && Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Writes back dirty pages (they cannot be dropped), then drops the clean ones. */
    static void drop() throws IOException {
        try {
            Process sync = new ProcessBuilder("sync").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (sync.waitFor() != 0) {
                throw new TagMirrorException("benchmark: sync failed before dropping the page cache");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TagMirrorException("benchmark interrupted");
        }
        Files.writeString(DROP_CACHES, "3\n");
    }
}
