package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DeviceAlreadyOpenException;
import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.NotADeviceException;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sentence per failure, whatever wraps it, and the engine's failures told apart by type. */
class FailuresTest {

    @TempDir
    Path dir;

    @Test
    void ourFailureIsShownAsItsFirstLineThroughEveryWrapper() {
        TagMirrorException ours = new TagMirrorException("/mnt/b/tm is not a TagMirror device (no device.json)\nmore");
        Throwable wrapped = new CompletionException(new ExecutionException(new UncheckedIOException(ours)));

        assertThat(Failures.cause(wrapped)).isSameAs(ours);
        assertThat(Failures.describe(wrapped)).isEqualTo("/mnt/b/tm is not a TagMirror device (no device.json)");
        assertThat(Failures.isInternal(wrapped)).isFalse();
    }

    @Test
    void fileSystemFailuresAreNamedPlainlyAndAnythingElseIsAnInternalErrorWithoutAStackTrace() {
        assertThat(Failures.describe(new NoSuchFileException("/tmp/x"))).isEqualTo("no such file or directory: /tmp/x");
        assertThat(Failures.describe(new IOException("disk full"))).isEqualTo("disk full");
        assertThat(Failures.describe(new IOException())).isEqualTo("IOException");
        assertThat(Failures.describe(new IllegalArgumentException("size 0 is too small"))).isEqualTo("size 0 is too small");

        NullPointerException bug = new NullPointerException("x is null");
        assertThat(Failures.describe(new CompletionException(bug))).isEqualTo("internal error (NullPointerException: x is null)");
        assertThat(Failures.isInternal(bug)).isTrue();
    }

    @Test
    void theEngineRaisesATypePerFailureACallerDecidesOn() throws Exception {
        Path notADevice = Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> DirectoryDevice.open(notADevice, false)).isInstanceOf(NotADeviceException.class)
                .hasMessageContaining("is not a TagMirror device");
        assertThatThrownBy(() -> DirectoryDevice.open(dir.resolve("missing"), false)).isInstanceOf(NotADeviceException.class);

        Path device = dir.resolve("dev");
        try (DirectoryDevice open = DirectoryDevice.format(device, 4096)) {
            assertThatThrownBy(() -> DirectoryDevice.open(device, false)).isInstanceOf(DeviceAlreadyOpenException.class)
                    .hasMessageContaining("already open");
        }
        Files.writeString(device.resolve(DirectoryDevice.DESCRIPTOR_FILE), "{not json");
        assertThatThrownBy(() -> DirectoryDevice.open(device, true)).isInstanceOf(DeviceDamagedException.class)
                .hasMessageContaining("is corrupt");
    }
}
