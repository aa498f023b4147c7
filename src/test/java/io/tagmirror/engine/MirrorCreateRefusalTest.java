package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.engine.device.io.ForwardingObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mirror that cannot be made leaves every device as it was. */
class MirrorCreateRefusalTest {
    @TempDir
    Path tmp;

    @Test
    void anObjectRefusedOnTheSecondDeviceTakesTheFirstDevicesObjectAway() throws IOException {
        DirectoryDevice.format(tmp.resolve("a"), 4096).close();
        DirectoryDevice.format(tmp.resolve("b"), 4096).close();
        // b's drive fails every write, so its object cannot be grown to the mirror's size
        ObjectIo failing = (file, mode) -> new ForwardingObjectChannel(ObjectIo.SYSTEM.open(file, mode)) {
            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                throw new IOException("Input/output error");
            }
        };
        try (DirectoryDevice a = DirectoryDevice.open(tmp.resolve("a"), false);
             DirectoryDevice b = DirectoryDevice.open(tmp.resolve("b"), false, failing, UnaryOperator.identity())) {
            assertThatThrownBy(() -> Mirror.create("m", 1L << 20, List.of(a, b), DurabilityMode.POWER_SAFE))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessageContaining("cannot set the length of " + b.directory())
                    .hasMessageContaining("Input/output error");
            assertThat(a.objectIds()).as("the object made on a is gone again").isEmpty();
            assertThat(b.objectIds()).isEmpty();
            assertThat(a.descriptor().mirrors()).isEmpty();
            assertThat(b.descriptor().mirrors()).isEmpty();
        }
        try (var objects = Files.list(tmp.resolve("a").resolve("objects"))) {
            assertThat(objects).isEmpty();
        }
    }
}
