package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberAvailabilityTest {
    @TempDir
    Path tmp;
    private OperationsFixture fx;

    @BeforeEach
    void open() throws IOException {
        fx = new OperationsFixture(tmp);
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    @Test
    void aMemberTakenOfflineMissesWritesUntilBroughtBackAndEachChangeIsRecorded() throws Exception {
        UUID b = MemberAvailability.member(fx.on, fx.b.toString());
        assertThat(b).isEqualTo(fx.uuidB);

        MemberAvailability.Result off = MemberAvailability.takeOffline(fx.on, b, "disk swap");
        Mirror m = fx.on.mirror();
        m.write(m.generator(Mirror.DEFAULT_GENERATOR), 0, ByteBuffer.wrap(OperationsFixture.filled((byte) 7)));
        MemberAvailability.Result on = MemberAvailability.bringOnline(fx.on, b);

        assertThat(off.changed()).isTrue();
        assertThat(off.figures()).containsEntry("location", fx.b.toString()).containsEntry("reason", "disk swap");
        assertThat(on.changed()).isTrue();
        assertThat(fx.block(fx.uuidB, 0)).as("b missed the write").isNotEqualTo(OperationsFixture.filled((byte) 7));
        assertThat(m.status()).filteredOn(s -> s.device().equals(b)).singleElement()
                .satisfies(s -> assertThat(s.online() && s.stale()).isTrue());
        assertThat(fx.history()).extracting(e -> e.kind() + " " + e.result()).containsExactly(
                HistoryKind.ONLINE.code() + " " + Outcome.BACK_ONLINE.code(),
                HistoryKind.OFFLINE.code() + " " + Outcome.TAKEN_OFFLINE.code());
        assertThat(CompareOperation.run(fx.on, io.tagmirror.engine.TaskMonitor.NONE).report().ranges()).hasSize(1);
    }

    @Test
    void theLastOnlineMemberStaysOnlineAndARepeatedRequestChangesAndRecordsNothing() throws Exception {
        MemberAvailability.takeOffline(fx.on, fx.uuidB, "maintenance");

        assertThatThrownBy(() -> MemberAvailability.takeOffline(fx.on, fx.uuidA, "maintenance"))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage(fx.a + " is the last online device of mirror lab; bring another member online first,"
                        + " or stop writing to the mirror instead");
        MemberAvailability.Result again = MemberAvailability.takeOffline(fx.on, fx.uuidB, "again");

        assertThat(again.changed()).isFalse();
        assertThat(fx.on.mirror().status()).extracting(MemberStatus::online).containsExactly(true, false);
        assertThat(fx.history()).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo("offline"));
        assertThat(MemberAvailability.bringOnline(fx.on, fx.uuidA).changed()).isFalse();
    }

    @Test
    void aDeviceOutsideTheMirrorIsRefusedNamingTheMembers() {
        assertThatThrownBy(() -> MemberAvailability.member(fx.on, tmp.resolve("elsewhere").toString()))
                .isInstanceOf(TagMirrorException.class)
                .hasMessage(tmp.resolve("elsewhere") + " is not a member of mirror lab; its members are "
                        + fx.a + ", " + fx.b);
        assertThatThrownBy(() -> MemberAvailability.member(fx.on, UUID.randomUUID().toString()))
                .isInstanceOf(TagMirrorException.class);
    }
}
