package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a served mirror's clients read: only members that missed no writes, spread over them. */
class ReadInSyncTest {

    private static byte[] filled(int value) {
        byte[] b = new byte[4096];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aMemberThatMissedWritesIsNeverReadEvenWhenItIsTheOnlyOneLeft(@TempDir Path dir) throws Exception {
        try (TestMirrors t = TestMirrors.create(dir.resolve("m"), 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID a = t.device(0).uuid();
            UUID b = t.device(1).uuid();
            m.write(0, filled('X'));
            m.takeOffline(b, "unplugged");
            m.write(0, filled('Y')); // acknowledged: only a holds it
            m.bringOnline(b);        // back, stale: it holds X

            for (int start = 0; start < 4; start++) {
                ByteBuffer into = ByteBuffer.allocate(4096);
                m.readInSync(0, into, start);
                assertThat(into.get(0)).as("read starting at member %d", start).isEqualTo((byte) 'Y');
            }
            m.takeOffline(a, "unplugged");
            assertThatThrownBy(() -> m.readInSync(0, ByteBuffer.allocate(4096), 0))
                    .isInstanceOf(NotInSyncException.class).hasMessageContaining("no online device has all writes");
        }
    }

    @Test
    void readsAreSpreadOverTheMembersInSyncByTheStartHint(@TempDir Path dir) throws Exception {
        try (TestMirrors t = TestMirrors.create(dir.resolve("m"), 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            m.write(0, filled('X'));
            // Make the members differ behind the engine's back, to see which one a read comes from.
            t.object(1).write(0, ByteBuffer.wrap(filled('B')));
            ByteBuffer first = ByteBuffer.allocate(4096);
            ByteBuffer second = ByteBuffer.allocate(4096);
            m.readInSync(0, first, 0);
            m.readInSync(0, second, 1);
            assertThat(first.get(0)).isEqualTo((byte) 'X');
            assertThat(second.get(0)).isEqualTo((byte) 'B');
            assertThat(first.position()).isEqualTo(4096);
        }
    }
}
