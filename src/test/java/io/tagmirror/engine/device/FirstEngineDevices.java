package io.tagmirror.engine.device;

import io.tagmirror.engine.TagTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes devices as the first engine left them: a {@code tags.db} and no {@code tags.log}. */
public final class FirstEngineDevices {
    /** What a test puts in the first engine's table. */
    @FunctionalInterface
    public interface Filler {
        void fill(TagTable table) throws IOException;
    }

    private FirstEngineDevices() {
    }

    /** Formats {@code dir} and replaces its log with a first-engine table filled by {@code filler}. */
    public static void format(Path dir, Filler filler) throws IOException {
        java.util.UUID uuid;
        try (DirectoryDevice d = DirectoryDevice.format(dir, 4096)) {
            uuid = d.uuid();
        }
        toFirstEngine(dir, uuid, filler);
    }

    /**
     * Turns a closed device's log into a first-engine table holding the same entries (batch by batch)
     * plus whatever {@code filler} adds: a device with live entries, as the first engine left it.
     */
    public static void toFirstEngine(Path dir, java.util.UUID uuid, Filler filler) throws IOException {
        Path log = dir.resolve(LogTagTable.FILE_NAME);
        try (SqliteTagTable t = SqliteTagTable.create(dir.resolve(SqliteTagTable.FILE_NAME), uuid)) {
            if (Files.exists(log)) {
                try (LogTagTable old = LogTagTable.open(log, uuid, true)) {
                    java.util.List<io.tagmirror.engine.TagEntry> batch = new java.util.ArrayList<>();
                    long[] current = {-1};
                    old.scan((id, e) -> {
                        if (id != current[0] && !batch.isEmpty()) {
                            t.append(batch);
                            batch.clear();
                        }
                        current[0] = id;
                        batch.add(e);
                        return true;
                    });
                    if (!batch.isEmpty()) {
                        t.append(batch);
                    }
                    for (java.util.Map.Entry<Long, Long> g : old.generators().entrySet()) {
                        t.reserveSequence(g.getKey(), g.getValue());
                    }
                    if (old.needsScrub()) {
                        t.setNeedsScrub(true);
                    }
                }
                Files.delete(log);
            }
            filler.fill(t);
        }
    }
}
