package io.tagmirror.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialWriteBaseTest {

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void aWriteIntoPartOfABlockNeverTakesTheRestFromADeviceThatMissedWrites(@TempDir Path dir) throws Exception {
        try (TestMirrors t = TestMirrors.create(dir.resolve("m"), 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID a = t.device(0).uuid();
            UUID b = t.device(1).uuid();
            m.write(0, filled(4096, 'X'));
            m.takeOffline(a, "unplugged");
            m.write(0, filled(4096, 'Y')); // acknowledged: only b holds it
            m.bringOnline(a);
            m.takeOffline(b, "unplugged");
            m.write(8192, filled(4096, 'Z')); // only a holds it
            m.bringOnline(b);

            // Both devices missed a write: neither may be the base of a partial-block write.
            assertThatThrownBy(() -> m.write(100, new byte[] {1, 2, 3}))
                    .isInstanceOf(NotInSyncException.class)
                    .hasMessageContaining("every online device missed writes");
            ByteBuffer onB = t.object(1).read(0, 1);
            assertThat(onB.get(100)).isEqualTo((byte) 'Y');

            // Whole blocks need no base and go on.
            m.write(4096, filled(4096, 'W'));
            assertThat(t.object(0).read(1, 1).get(0)).isEqualTo((byte) 'W');
            assertThat(t.object(1).read(1, 1).get(0)).isEqualTo((byte) 'W');
        }
    }

    @Test
    void aPartialWriteTakesTheRestFromTheDeviceThatMissedNothing(@TempDir Path dir) throws Exception {
        try (TestMirrors t = TestMirrors.create(dir.resolve("m"), 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            Mirror m = t.mirror;
            UUID a = t.device(0).uuid();
            m.write(0, filled(4096, 'X'));
            m.takeOffline(a, "unplugged");
            m.write(0, filled(4096, 'Y'));
            m.bringOnline(a);

            m.write(100, new byte[] {1, 2, 3});
            for (int i = 0; i < 2; i++) {
                ByteBuffer block = t.object(i).read(0, 1);
                assertThat(block.get(99)).as("device %d", i).isEqualTo((byte) 'Y');
                assertThat(block.get(100)).as("device %d", i).isEqualTo((byte) 1);
                assertThat(block.get(103)).as("device %d", i).isEqualTo((byte) 'Y');
            }
        }
    }
}
