package io.tagmirror.operations.disks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch says a disk came or went, or a mount changed, once per change and never otherwise. */
class DiskWatchTest {

    @TempDir
    Path tmp;

    @Test
    void eachChangeIsSaidOnceAndTheFirstReadOnlyRecords() throws Exception {
        FakeSystemTree fake = FakeSystemTree.standard(tmp);
        AtomicInteger changes = new AtomicInteger();
        try (DiskWatch watch = new DiskWatch(new DiskSurvey(fake.tree()), changes::incrementAndGet)) {
            assertThat(watch.check()).isFalse();
            assertThat(watch.check()).isFalse();

            fake.blockDevice("sde", "8:64", 8L << 30); // a USB disk plugged in
            assertThat(watch.check()).isTrue();
            assertThat(watch.check()).isFalse();

            fake.swap("/dev/sda10");
            assertThat(watch.check()).isTrue();
            fake.unmountAll();
            assertThat(watch.check()).isTrue();
            assertThat(changes).hasValue(3);
        }
    }
}
