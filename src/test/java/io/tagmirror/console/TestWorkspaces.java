package io.tagmirror.console;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.EntryKind;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Tag;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Workspaces made for tests straight through the engine: devices, a mirror, tag tables filled by hand. */
public final class TestWorkspaces {

    /** Entries appended per batch, as the write path's group commit would. */
    public static final int BATCH = 1024;

    private TestWorkspaces() {
    }

    /** What {@link #diverged(Path)} made. */
    public record Lab(Path workspace, MirrorDefinition mirror, Path deviceA, Path deviceB) {
    }

    /** Fills the tag tables of a lab, given both devices, while nothing else has them open. */
    @FunctionalInterface
    public interface Filler {
        void fill(DirectoryDevice a, DirectoryDevice b, String objectId) throws IOException;
    }

    /** A workspace in {@code dir} with mirror "lab" (4 MiB, 4 KiB blocks) over devices a and b, filled by {@code filler}. */
    public static Lab lab(Path dir, Filler filler) throws IOException {
        Path workspace = dir.resolve("workspace");
        Path pathA = Files.createDirectories(dir.resolve("drives")).resolve("a");
        Path pathB = dir.resolve("drives").resolve("b");
        try (Workspace ws = Workspace.open(workspace);
             DirectoryDevice a = DirectoryDevice.format(pathA, 4096);
             DirectoryDevice b = DirectoryDevice.format(pathB, 4096)) {
            // Test tables need no fsync per batch.
            a.setDurability(DurabilityMode.CRASH_SAFE);
            b.setDurability(DurabilityMode.CRASH_SAFE);
            MirrorDefinition def;
            try (Mirror mirror = Mirror.create("lab", 4L << 20, List.of(a, b), DurabilityMode.CRASH_SAFE)) {
                def = mirror.definition();
            }
            filler.fill(a, b, def.objectId());
            ws.addDevice(a.uuid(), a.directory());
            ws.addDevice(b.uuid(), b.directory());
            ws.addMirror(def);
            return new Lab(workspace, def, a.directory(), b.directory());
        }
    }

    /**
     * A diverged lab: tags 1:1–1:10 matched, 1:11–1:15 on a only (b was offline), 1:16 on b only,
     * and tag 2:1 on a against 3:1 on b over blocks 500–503 (two writers, a crash: a conflict).
     */
    public static Lab diverged(Path dir) throws IOException {
        return lab(dir, (a, b, object) -> {
            List<TagEntry> both = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                both.add(entry(object, 1, i, i * 10L, 2));
            }
            List<TagEntry> onA = new ArrayList<>(both);
            for (int i = 11; i <= 15; i++) {
                onA.add(entry(object, 1, i, i * 10L, 2));
            }
            onA.add(entry(object, 2, 1, 500, 4));
            List<TagEntry> onB = new ArrayList<>(both);
            onB.add(entry(object, 1, 16, 160, 2));
            onB.add(entry(object, 3, 1, 501, 2));
            a.tagTable().append(onA);
            b.tagTable().append(onB);
        });
    }

    /** {@code perDevice} matched entries on both devices, and the last {@code missedOnB} of them on a only. */
    public static Lab big(Path dir, int perDevice, int missedOnB) throws IOException {
        return lab(dir, (a, b, object) -> {
            List<TagEntry> batch = new ArrayList<>(BATCH);
            long blocks = (4L << 20) / 4096;
            for (int i = 0; i < perDevice; i++) {
                batch.add(entry(object, 1, i, (i * 7L) % (blocks - 8), 1 + i % 8));
                if (batch.size() == BATCH || i == perDevice - 1) {
                    a.tagTable().append(batch);
                    int firstMissed = perDevice - missedOnB;
                    int before = i - batch.size() + 1;
                    List<TagEntry> toB = batch.subList(0, Math.max(0, Math.min(batch.size(), firstMissed - before)));
                    if (!toB.isEmpty()) {
                        b.tagTable().append(toB);
                    }
                    batch = new ArrayList<>(BATCH);
                }
            }
        });
    }

    /** A write entry of {@code count} blocks at {@code first}, with a checksum made from its tag. */
    public static TagEntry entry(String object, long generator, long sequence, long first, int count) {
        return new TagEntry(new Tag(generator, sequence), object, EntryKind.BLOCKS, first, count,
                (int) (generator * 1_000_003 + sequence));
    }
}
