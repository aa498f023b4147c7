package io.tagmirror.workspace.index;

import java.util.UUID;

/**
 * One member device as the index saw it when it was built.
 *
 * @param position the device's place in the mirror's definition, 0 first; bit {@code position} of a
 *                 row's presence mask says whether the device holds the tag
 * @param uuid the device
 * @param label how the console names it, usually its path
 * @param scanned whether its tag table was read; an unreachable device was not
 * @param entries entries of the mirror's object read from its table, or -1 when not scanned
 * @param reason why it was not scanned, or null
 */
public record IndexedDevice(int position, UUID uuid, String label, boolean scanned, long entries, String reason) {
}
