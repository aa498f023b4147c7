package io.tagmirror.console.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A leased mirror cannot be closed or have its devices closed from under the workflow that holds it. */
class WorkspaceSessionLeaseTest {

    @TempDir
    Path dir;

    private WorkspaceSession session;
    private MirrorDefinition lab;
    private UUID deviceA;

    @BeforeEach
    void createMirror() throws Exception {
        session = WorkspaceSession.open(dir.resolve("ws"));
        try (DirectoryDevice a = DirectoryDevice.format(dir.resolve("a"), 4096);
             DirectoryDevice b = DirectoryDevice.format(dir.resolve("b"), 4096);
             Mirror mirror = Mirror.create("lab", 1 << 20, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
            deviceA = a.uuid();
            session.workspace().addDevice(a.uuid(), dir.resolve("a"));
            session.workspace().addDevice(b.uuid(), dir.resolve("b"));
            session.workspace().addMirror(mirror.definition());
            lab = mirror.definition();
        }
    }

    @AfterEach
    void close() throws Exception {
        session.close();
    }

    @Test
    void aLeasedMirrorIsNotLeasedTwiceNorReleasedNorAreItsDevices() throws Exception {
        session.lease(lab, "the compare and repair wizard");
        assertThat(session.holder("lab")).contains("the compare and repair wizard");
        assertThat(session.holder(lab.uuid())).contains("the compare and repair wizard");

        String refusal = "mirror lab is in use by the compare and repair wizard; finish or stop that first";
        assertThatThrownBy(() -> session.lease(lab, "a workload replay"))
                .isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThatThrownBy(() -> session.release(lab.uuid())).isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThatThrownBy(() -> session.releaseDevice(deviceA)).isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThat(session.assembled(lab.uuid())).isPresent();
        assertThat(session.openDevice(deviceA)).isPresent();
        assertThat(session.assembled(lab.uuid()).get().mirror().status()).allSatisfy(m -> assertThat(m.online()).isTrue());

        session.endLease(lab.uuid());
        assertThat(session.holder("lab")).isEmpty();
        session.releaseDevice(deviceA);
        assertThat(session.assembled(lab.uuid())).isEmpty();
        assertThat(session.openDevice(deviceA)).isEmpty();
    }

    @Test
    void theHolderEndsItsLeaseAndReleasesInOneStepAndClosingTheWorkspaceEndsEveryLease() throws Exception {
        session.lease(lab, "a workload replay");
        session.endLeaseAndRelease(lab.uuid());
        assertThat(session.assembled(lab.uuid())).isEmpty();
        assertThat(session.holder(lab.uuid())).isEmpty();

        session.lease(lab, "a workload replay");
        session.close();
        // the devices were closed and unlocked: another process (here, a plain open) can take them
        try (DirectoryDevice a = DirectoryDevice.open(dir.resolve("a"), false)) {
            assertThat(a.uuid()).isEqualTo(deviceA);
        }
    }

    @Test
    void aServedMirrorIsNotLeasedNorReleasedAndServingWaitsForTheLeaseToEnd() throws Exception {
        session.mirror(lab);
        session.startServing(lab);
        assertThat(session.isServed(lab.uuid())).isTrue();

        String refusal = "mirror lab is served over NBD by this console and its clients use it as a disk;"
                + " stop serving it on the Mirrors screen first";
        assertThatThrownBy(() -> session.lease(lab, "a workload replay"))
                .isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThatThrownBy(() -> session.startServing(lab)).isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThatThrownBy(() -> session.release(lab.uuid())).isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThatThrownBy(() -> session.releaseDevice(deviceA)).isInstanceOf(TagMirrorException.class).hasMessage(refusal);
        assertThat(session.holder("lab")).as("no lease was taken").isEmpty();
        assertThat(session.assembled(lab.uuid())).isPresent();

        session.endServing(lab.uuid());
        session.lease(lab, "the compare and repair wizard");
        assertThatThrownBy(() -> session.startServing(lab)).isInstanceOf(TagMirrorException.class)
                .hasMessage("mirror lab is in use by the compare and repair wizard; finish or stop that first");
        assertThat(session.isServed(lab.uuid())).isFalse();
    }
}
