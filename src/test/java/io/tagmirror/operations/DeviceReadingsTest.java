package io.tagmirror.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.operations.MirrorEvent.Kind;
import io.tagmirror.workspace.MemberOutages;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event check reads a mirror's devices again only when their files changed: an unchanged mirror
 * costs no read of its tag logs, and what changes (a log that grew, a device that went away and came
 * back) is still seen at the next check.
 */
class DeviceReadingsTest {
    @TempDir
    Path tmp;
    private Workspace ws;
    private MirrorDefinition def;
    private Path a;
    private Path b;

    @BeforeEach
    void mirror() throws IOException {
        ws = Workspace.open(tmp.resolve("ws"));
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        try (DirectoryDevice da = DirectoryDevice.format(a, 4096);
             DirectoryDevice db = DirectoryDevice.format(b, 4096);
             Mirror m = Mirror.create("vol1", 4L << 20, List.of(da, db), DurabilityMode.CRASH_SAFE)) {
            da.tagTable().append(entries(m.definition().objectId(), 1, 100));
            db.tagTable().append(entries(m.definition().objectId(), 1, 100));
            ws.addDevice(da.uuid(), a);
            ws.addDevice(db.uuid(), b);
            ws.addMirror(m.definition());
            def = m.definition();
        }
        age(a);
        age(b);
    }

    @AfterEach
    void close() throws IOException {
        ws.close();
    }

    @Test
    void aMirrorWhoseFilesDidNotChangeIsNotReadAgainAndOneWhoseLogGrewIs() throws Exception {
        DeviceReadings readings = new DeviceReadings();
        AtomicInteger reads = new AtomicInteger();
        DeviceReadings.Reader reader = () -> {
            reads.incrementAndGet();
            return new DeviceReadings.Reading(MirrorState.IN_SYNC, List.of());
        };

        readings.read(ws, def, reader);
        readings.read(ws, def, reader);
        readings.read(ws, def, reader);
        assertThat(reads).as("read once, then kept while nothing changed").hasValue(1);

        try (DirectoryDevice da = DirectoryDevice.open(a, false)) {
            da.tagTable().append(entries(def.objectId(), 2, 10));
        }
        readings.read(ws, def, reader);
        readings.read(ws, def, reader);
        assertThat(reads).as("a log written just now is read at every check: its time may not move again").hasValue(3);
        age(a);
        readings.read(ws, def, reader);
        readings.read(ws, def, reader);
        assertThat(reads).hasValue(4);

        Files.move(b, tmp.resolve("b-away"));
        readings.read(ws, def, reader);
        assertThat(reads).as("a device gone").hasValue(5);
        Files.move(tmp.resolve("b-away"), b);
        readings.read(ws, def, reader);
        assertThat(reads).as("and back").hasValue(6);

        // taken offline by the administrator: only the catalog says so
        ws.outages().record(def.uuid(), def.devices().get(1), MemberOutages.State.OFFLINE);
        readings.read(ws, def, reader);
        readings.read(ws, def, reader);
        assertThat(reads).hasValue(7);
    }

    @Test
    void aWatchTellsAMemberTakenOfflineInTheCatalogAlone() throws Exception {
        MirrorWatch watch = new MirrorWatch(Clock.systemUTC());
        assertThat(watch.check(ws, List.of()).events()).isEmpty();
        ws.outages().record(def.uuid(), def.devices().get(1), MemberOutages.State.OFFLINE);
        assertThat(watch.check(ws, List.of()).events()).extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_OFFLINE);
    }

    @Test
    void aWatchStillTellsAMemberThatLeavesAndComesBackWhenNothingElseChanged() throws Exception {
        MirrorWatch watch = new MirrorWatch(Clock.systemUTC());
        assertThat(watch.check(ws, List.of()).events()).isEmpty();
        assertThat(watch.check(ws, List.of()).events()).isEmpty();

        Files.move(b, tmp.resolve("b-away"));
        List<MirrorEvent> gone = watch.check(ws, List.of()).events();
        assertThat(gone).extracting(MirrorEvent::kind).containsExactly(Kind.MEMBER_OFFLINE);
        assertThat(watch.check(ws, List.of()).events()).isEmpty();

        Files.move(tmp.resolve("b-away"), b);
        assertThat(watch.check(ws, List.of()).events()).extracting(MirrorEvent::kind)
                .containsExactly(Kind.RESYNC_FINISHED);
    }

    /** Sets every file of a device a minute back, as the files of a device nobody wrote to lately are. */
    private static void age(Path device) throws IOException {
        FileTime before = FileTime.from(Instant.now().minusSeconds(60));
        try (Stream<Path> all = Files.walk(device)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, before);
            }
        }
    }

    private static List<TagEntry> entries(String object, long generator, int count) {
        List<TagEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new TagEntry(new Tag(generator, i + 1), object, EntryKind.BLOCKS, i * 3L, 2, (int) (generator * 31 + i)));
        }
        return out;
    }
}
