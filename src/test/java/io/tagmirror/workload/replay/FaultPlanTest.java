package io.tagmirror.workload.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultPlanTest {
    @TempDir
    Path tmp;

    @Test
    void commandLineValuesAreRead() throws TagMirrorException {
        FaultPlan plan = FaultPlan.parse("500", List.of("/mnt/b/dev:100:200", "/mnt/c/dev:300:301"),
                List.of("42:/mnt/b/dev"));
        assertThat(plan.crash()).isEqualTo(new Fault.CrashAfter(500));
        assertThat(plan.offline()).containsExactly(
                new Fault.Offline(Path.of("/mnt/b/dev"), null, 100, 200),
                new Fault.Offline(Path.of("/mnt/c/dev"), null, 300, 301));
        assertThat(plan.tears()).containsExactly(new Fault.Tear(42, Path.of("/mnt/b/dev"), null));
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.all()).hasSize(4).last().isEqualTo(new Fault.CrashAfter(500));
        assertThat(FaultPlan.parse(null, null, null).isEmpty()).isTrue();
    }

    @Test
    void aDirectoryWithColonsIsTakenWholeAndRelativeDirectoriesBecomeAbsolute() throws TagMirrorException {
        assertThat(FaultPlan.parseOffline("/srv/a:b/dev:0:7").device()).isEqualTo(Path.of("/srv/a:b/dev"));
        assertThat(FaultPlan.parseTear("3:/srv/a:b/dev").device()).isEqualTo(Path.of("/srv/a:b/dev"));
        assertThat(FaultPlan.parseOffline("rel/dev:1:2").device())
                .isEqualTo(Path.of("rel/dev").toAbsolutePath().normalize());
    }

    @Test
    void badValuesSayWhatIsWrongAndHowToWriteIt() {
        assertThatThrownBy(() -> FaultPlan.parseCrashAfter("-1"))
                .isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("--crash-after '-1' is not valid").hasMessageContaining("not a write number");
        assertThatThrownBy(() -> FaultPlan.parseCrashAfter("ten")).hasMessageContaining("'ten' is not a write number");
        assertThatThrownBy(() -> FaultPlan.parseCrashAfter("")).hasMessageContaining("is not a write number");
        assertThatThrownBy(() -> FaultPlan.parseOffline("/mnt/b:100"))
                .hasMessageContaining("is not DIR:FROM:TO").hasMessageContaining("write DIR:FROM:TO");
        assertThatThrownBy(() -> FaultPlan.parseOffline("/mnt/b:x:200")).hasMessageContaining("'x' is not a write number");
        assertThatThrownBy(() -> FaultPlan.parseOffline("/mnt/b:200:100"))
                .hasMessageContaining("ends (100) before it starts (200)");
        assertThatThrownBy(() -> FaultPlan.parseOffline("/mnt/b:5:5")).hasMessageContaining("TO must be larger than FROM");
        assertThatThrownBy(() -> FaultPlan.parseOffline(":1:2")).hasMessageContaining("not DIR:FROM:TO");
        assertThatThrownBy(() -> FaultPlan.parseTear("/mnt/b")).hasMessageContaining("is not N:DIR");
        assertThatThrownBy(() -> FaultPlan.parseTear("4:")).hasMessageContaining("is not N:DIR");
        assertThatThrownBy(() -> FaultPlan.parseTear("x:/mnt/b")).hasMessageContaining("'x' is not a write number");
        assertThatThrownBy(() -> FaultPlan.parseCrashAfter("99999999999999999999"))
                .hasMessageContaining("is not a write number");
    }

    @Test
    void contradictoryPlansAreRefused() {
        assertThatThrownBy(() -> FaultPlan.parse(null, List.of("/d:10:20", "/d:15:30"), List.of()))
                .isInstanceOf(TagMirrorException.class).hasMessageContaining("overlap on the same device");
        assertThatThrownBy(() -> FaultPlan.parse(null, List.of("/d:10:20"), List.of("12:/d")))
                .hasMessageContaining("falls in --offline /d:10:20");
        assertThatThrownBy(() -> FaultPlan.parse(null, List.of(), List.of("12:/d", "12:/d")))
                .hasMessageContaining("is given twice");
        assertThatThrownBy(() -> FaultPlan.parse("10", List.of(), List.of("10:/d")))
                .hasMessageContaining("at or after --crash-after 10");
        assertThatThrownBy(() -> FaultPlan.parse("10", List.of("/d:10:20"), List.of()))
                .hasMessageContaining("starts at or after --crash-after 10");
    }

    @Test
    void planThatAgreesWithItselfIsAccepted() throws TagMirrorException {
        FaultPlan plan = FaultPlan.parse("100", List.of("/d:10:20", "/d:20:30", "/e:15:25"), List.of("12:/e", "25:/e"));
        assertThat(plan.offline()).hasSize(3);
        assertThat(plan.offline().get(0).covers(19)).isTrue();
        assertThat(plan.offline().get(0).covers(20)).isFalse();
    }

    @Test
    void resolvingFindsDevicesAndRefusesStrangers(@TempDir Path other) throws IOException {
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE);
             DirectoryDevice stranger = DirectoryDevice.format(other.resolve("x"), 4096)) {
            FaultPlan plan = FaultPlan.parse(null, List.of(f.dir(1) + ":1:5"), List.of("7:" + f.dir(0)));
            FaultPlan resolved = f.resolve(plan);
            assertThat(resolved.offline().get(0).uuid()).isEqualTo(f.devices.get(1).uuid());
            assertThat(resolved.tears().get(0).uuid()).isEqualTo(f.devices.get(0).uuid());

            FaultPlan notADevice = FaultPlan.parse(null, List.of(tmp.resolve("nothing") + ":1:5"), List.of());
            assertThatThrownBy(() -> f.resolve(notADevice))
                    .isInstanceOf(TagMirrorException.class)
                    .hasMessageStartingWith("--offline " + tmp.resolve("nothing") + ":1:5: ")
                    .hasMessageContaining("is not a TagMirror device");
            FaultPlan notAMember = FaultPlan.parse(null, List.of(), List.of("3:" + other.resolve("x")));
            assertThatThrownBy(() -> f.resolve(notAMember)).hasMessageContaining("not a member of mirror m");
            FaultPlan everyone = FaultPlan.parse(null, List.of(f.dir(0) + ":1:5", f.dir(1) + ":4:9"), List.of());
            assertThatThrownBy(() -> f.resolve(everyone))
                    .hasMessageContaining("at write 4").hasMessageContaining("every online device");
        }
    }

    @Test
    void theSameDeviceByTwoPathsIsOneDevice() throws IOException {
        try (ReplayFixture f = ReplayFixture.create(tmp, 2, 1 << 20, DurabilityMode.CRASH_SAFE)) {
            Path detour = f.dir(1).resolve("..").resolve("dev1");
            FaultPlan plan = new FaultPlan(null, List.of(new Fault.Offline(f.dir(1), null, 1, 10),
                    new Fault.Offline(detour, null, 5, 20)), List.of());
            assertThatThrownBy(() -> f.resolve(plan)).hasMessageContaining("overlap on the same device");
        }
    }
}
