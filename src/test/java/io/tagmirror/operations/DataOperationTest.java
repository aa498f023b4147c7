package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.MirrorStreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataOperationTest {
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
    void aFileWrittenAndAppendedReadsBackFromTheMembersAndLeavesNoHistory() throws Exception {
        byte[] data = new byte[10_001];
        new SplittableRandom(51).nextBytes(data);
        Path file = Files.write(tmp.resolve("in.bin"), data);

        MirrorStreams.Written w;
        try (MirrorStreams.Input in = MirrorStreams.Input.file(file)) {
            w = DataOperation.write(fx.on, 1, 777, in, TaskMonitor.NONE);
            assertThat(DataOperation.figures(fx.on, in, w).figures()).containsEntry("length", 10_001L)
                    .containsEntry("degraded", false);
        }
        MirrorStreams.Appended a;
        try (MirrorStreams.Input in = MirrorStreams.Input.file(file)) {
            a = DataOperation.append(fx.on, 1, in, TaskMonitor.NONE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOperation.Read read = DataOperation.read(fx.on, DataOperation.planRead(fx.on, 777, data.length, TaskMonitor.NONE), 777, data.length, out, "-", TaskMonitor.NONE);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        DataOperation.read(fx.on, DataOperation.planRead(fx.on, a.offset(), data.length, TaskMonitor.NONE), a.offset(), data.length, tail, "-", TaskMonitor.NONE);

        assertThat(w.bytes()).isEqualTo(data.length);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(tail.toByteArray()).isEqualTo(data);
        assertThat(read.readFrom()).containsExactly(fx.a.toString());
        assertThat(read.figures()).containsEntry("readFrom", List.of(fx.a.toString())).containsEntry("length", 10_001L);
        assertThat(fx.history()).isEmpty();
    }
}
