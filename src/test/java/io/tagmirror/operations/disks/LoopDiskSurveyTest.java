package io.tagmirror.operations.disks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.workspace.Workspace;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The survey of this machine's own disks sees a loop device attached over an image (root only: losetup). */
class LoopDiskSurveyTest {
    private static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    void aLoopDeviceAttachedIsSeenWithItsBackingFileAndAsATagMirrorMemberOnceFormatted() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "loop devices need root (losetup)");
        Path image = tmp.resolve("disk.img");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), SIZE - 1);
        }
        Process p = new ProcessBuilder("losetup", "--find", "--show", image.toString()).redirectErrorStream(true).start();
        String loop = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(p.waitFor() == 0 && loop.startsWith("/dev/loop"), "losetup (util-linux) could not attach: " + loop);
        try (Workspace ws = Workspace.open(tmp.resolve("ws"))) {
            String name = Path.of(loop).getFileName().toString();
            DiskSurvey survey = DiskSurvey.ofMachine();
            SurveyedDrive seen = find(survey.read(DiskSurvey.members(ws)), name);
            assertThat(seen.kind()).isEqualTo(SurveyedDrive.Kind.LOOP);
            assertThat(seen.sizeBytes()).isEqualTo(SIZE);
            assertThat(seen.model()).isEqualTo(image.toRealPath().toString());
            assertThat(seen.content()).isEqualTo("nothing recognised");
            assertThat(seen.uses()).isEmpty();

            UUID uuid = DeviceCreation.create(ws, Path.of(loop), 4096, false).uuid();
            SurveyedDrive formatted = find(survey.read(DiskSurvey.members(ws)), name);
            assertThat(formatted.content()).startsWith("tagmirror");
            assertThat(formatted.uses()).containsExactly(new DriveUse(DriveUse.Kind.TAGMIRROR,
                    "spare device " + uuid.toString().substring(0, 8)));
        } finally {
            Process d = new ProcessBuilder("losetup", "-d", loop).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            d.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static SurveyedDrive find(List<SurveyedDrive> drives, String name) {
        return drives.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + drives.stream().map(SurveyedDrive::name).toList()));
    }
}
