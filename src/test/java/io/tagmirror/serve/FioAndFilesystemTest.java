package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served mirror used as a disk by fio's nbd engine (writes verified by their checksums) and by a real
 * ext4 filesystem made on a loop device over nbdfuse's file: what a user does with {@code tagmirror serve}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
public class FioAndFilesystemTest {
    private static final long SIZE = 64L << 20;
    @TempDir
    Path tmp;
    private ServeFixture fx;

    @BeforeEach
    void serve() throws Exception {
        fx = new ServeFixture(tmp, SIZE);
        fx.serve();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void fioWithSeveralJobsAndDepthsFindsNoVerifyErrorAndTheMembersStayIdentical() throws Exception {
        Tools.require("fio", "fio");
        // Each job owns its own 16 MiB so one job's verify never reads another's writes.
        Path job = tmp.resolve("verify.fio");
        Files.writeString(job, """
                [global]
                ioengine=nbd
                uri=%s
                rw=randwrite
                bsrange=4k-64k
                size=16m
                verify=crc32c
                verify_fatal=1
                randseed=15
                [qd1]
                offset=0
                iodepth=1
                [qd8]
                offset=16m
                iodepth=8
                [qd32]
                offset=32m
                iodepth=32
                rw=randrw
                [seq]
                offset=48m
                iodepth=4
                rw=write
                bs=1m
                """.formatted(fx.uri()));
        Tools.Run fio = Tools.run(tmp, "fio", "--output-format=normal", job.toString());
        assertThat(fio.exit()).as(fio.out()).isZero();
        assertThat(fio.out()).as("fio read back what it wrote to verify it").contains("read: IOPS");
        assertThat(fio.out()).doesNotContain("bad magic", "verify failed", "bad header").doesNotContainPattern("err= *[1-9]");
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void anExt4FilesystemOnTheExportKeepsACopiedTreeAndChecksClean() throws Exception {
        Tools.require("nbdfuse", "libnbd-bin (nbdfuse)");
        Tools.require("fusermount3", "fuse3");
        Tools.require("mkfs.ext4", "e2fsprogs");
        assumeTrue(isRoot(), "needs root (losetup and mount)");
        Path tree = seededTree(tmp.resolve("tree"), 7, 40);
        TreeMap<String, String> expected = checksums(tree);

        Path fuse = Files.createDirectory(tmp.resolve("fuse"));
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Path pidFile = tmp.resolve("nbdfuse.pid");
        Process nbdfuse = new ProcessBuilder("nbdfuse", "-P", pidFile.toString(), fuse.resolve("disk").toString(), fx.uri())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nbdfuse.log").toFile()).start();
        try {
            waitFor(pidFile, nbdfuse);
            String loop = ok(Tools.run(tmp, "losetup", "--find", "--show", fuse.resolve("disk").toString())).strip();
            try {
                ok(Tools.run(tmp, "mkfs.ext4", "-q", "-F", loop));
                ok(Tools.run(tmp, "mount", loop, mnt.toString()));
                try {
                    ok(Tools.run(tmp, "cp", "-a", tree + "/.", mnt.toString()));
                } finally {
                    ok(Tools.run(tmp, "umount", mnt.toString()));
                }
                Tools.Run fsck = Tools.run(tmp, "e2fsck", "-fn", loop);
                assertThat(fsck.exit()).as(fsck.out()).isZero();
                ok(Tools.run(tmp, "mount", "-o", "ro", loop, mnt.toString()));
                try {
                    assertThat(checksums(mnt)).isEqualTo(expected);
                } finally {
                    ok(Tools.run(tmp, "umount", mnt.toString()));
                }
            } finally {
                ok(Tools.run(tmp, "losetup", "-d", loop));
            }
        } finally {
            Tools.run(tmp, "fusermount3", "-u", fuse.toString());
            if (!nbdfuse.waitFor(30, TimeUnit.SECONDS)) {
                nbdfuse.destroyForcibly();
                nbdfuse.waitFor();
            }
        }
        assertThat(fx.verify().identical()).isTrue();
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return uid.equals("0");
    }

    private static String ok(Tools.Run run) {
        assertThat(run.exit()).as(run.out()).isZero();
        return run.out();
    }

    /** nbdfuse writes its pid file once the mount is ready; it stays in the foreground until unmounted. */
    private static void waitFor(Path pidFile, Process nbdfuse) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile)) {
            assertThat(nbdfuse.isAlive()).as("nbdfuse ended before its mount was ready").isTrue();
            assertThat(System.nanoTime()).as("nbdfuse ready within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A tree of seeded random files of varied sizes in a few directories. */
    public static Path seededTree(Path root, long seed, int files) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < files; i++) {
            Path dir = Files.createDirectories(root.resolve("d" + random.nextInt(5)).resolve("e" + random.nextInt(3)));
            byte[] data = new byte[random.nextInt(256 << 10) + (i % 7 == 0 ? 1 << 20 : 0)];
            random.nextBytes(data);
            Files.write(dir.resolve("f" + i + ".bin"), data);
        }
        return root;
    }

    /** Every regular file's SHA-256 by its path under {@code root}. */
    public static TreeMap<String, String> checksums(Path root) throws Exception {
        TreeMap<String, String> sums = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                if (p.toString().contains("lost+found")) {
                    continue;
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sums.put(root.relativize(p).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return sums;
    }
}
