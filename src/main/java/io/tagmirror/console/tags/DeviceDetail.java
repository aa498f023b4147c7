package io.tagmirror.console.tags;

import io.tagmirror.engine.TagEntry;

/**
 * What one device holds for the selected tag, and what its data says now.
 *
 * @param label the device, usually its path
 * @param entry its entry for the tag, or null when it has none
 * @param dataChecksum CRC32C of the entry's blocks as the device holds them now, or null when not read
 * @param note why the data was not read, or null
 */
public record DeviceDetail(String label, TagEntry entry, Integer dataChecksum, String note) {

    /** Whether the data read now has the checksum the entry recorded; false when either is missing. */
    public boolean dataMatchesEntry() {
        return entry != null && dataChecksum != null && dataChecksum == entry.checksum();
    }

    /** Hex form of a checksum, as the command line prints it. */
    public static String hex(int checksum) {
        return String.format("%08x", checksum);
    }
}
