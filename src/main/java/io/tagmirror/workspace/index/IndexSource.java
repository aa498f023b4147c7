package io.tagmirror.workspace.index;

import io.tagmirror.engine.TagTable;
import java.util.Objects;
import java.util.UUID;

/**
 * One member device handed to {@link TagTableIndex#build}: its tag table, or why it has none.
 *
 * @param uuid the device
 * @param label how the console names it, usually its path
 * @param table its tag table, or null when the device cannot be read
 * @param reason why {@code table} is null, or null
 */
public record IndexSource(UUID uuid, String label, TagTable table, String reason) {

    public IndexSource {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(label, "label");
    }

    /** A device whose tag table can be read. */
    public static IndexSource of(UUID uuid, String label, TagTable table) {
        return new IndexSource(uuid, label, Objects.requireNonNull(table, "table"), null);
    }

    /** A device that cannot be read, with why. */
    public static IndexSource unreachable(UUID uuid, String label, String reason) {
        return new IndexSource(uuid, label, null, reason);
    }
}
