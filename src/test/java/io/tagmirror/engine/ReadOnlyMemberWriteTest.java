package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror with a member open read-only (inspected while another process holds it) refuses writes
 * before any is made, instead of taking the member's refusal for a device that failed and left.
 */
class ReadOnlyMemberWriteTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteIsRefusedAndNoMemberLeavesWhenOneIsOpenReadOnly() throws Exception {
        MirrorDefinition def;
        try (DirectoryDevice a = DirectoryDevice.format(tmp.resolve("a"), 4096);
             DirectoryDevice b = DirectoryDevice.format(tmp.resolve("b"), 4096);
             Mirror m = Mirror.create("lab", 1L << 20, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            def = m.definition();
        }
        try (DirectoryDevice a = DirectoryDevice.open(tmp.resolve("a"), false);
             DirectoryDevice b = DirectoryDevice.open(tmp.resolve("b"), true)) {
            Mirror m = Mirror.open(def, List.of(a, b), DurabilityMode.CRASH_SAFE);
            List<MirrorEvent> events = new CopyOnWriteArrayList<>();
            m.addListener(events::add);

            assertThatThrownBy(() -> m.write(m.generator(Mirror.DEFAULT_GENERATOR), 0, ByteBuffer.allocate(4096)))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessage("mirror lab cannot be written here: device " + b.location() + " is open read-only"
                            + " (another process holds it, or its drive is read-only); close that process or make"
                            + " the drive writable, then open the mirror again");

            assertThat(m.status()).allMatch(MemberStatus::online).noneMatch(MemberStatus::stale);
            assertThat(events).extracting(MirrorEvent::kind).doesNotContain(MirrorEvent.Kind.DEVICE_FAILED);
            assertThat(a.tagTable().lastBatchId()).as("nothing was written on a").isZero();
            assertThat(m.writesDone()).isZero();
        }
    }
}
