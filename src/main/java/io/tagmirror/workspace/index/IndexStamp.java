package io.tagmirror.workspace.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the devices' tag tables looked like when an index was built: per device, the newest batch id
 * and the entry count. Appends raise the batch id, trims and repairs lower the count, so an index
 * whose stamp still matches the devices shows what they hold.
 *
 * @param objectId the mirror's storage object
 * @param devices one line per member device, in the mirror's order
 */
public record IndexStamp(String objectId, List<DeviceStamp> devices) {

    /**
     * One device's part of the stamp.
     *
     * @param uuid the device, as text
     * @param lastBatchId its newest batch, or -1 when it could not be read
     * @param entries its entry count, or -1 when it could not be read
     */
    public record DeviceStamp(String uuid, long lastBatchId, long entries) {
    }

    public IndexStamp {
        Objects.requireNonNull(objectId, "objectId");
        devices = List.copyOf(devices);
    }

    /** The stamp of the devices as they are now; reads two numbers from each table. */
    public static IndexStamp of(String objectId, List<IndexSource> sources) throws IOException {
        List<DeviceStamp> stamps = new ArrayList<>(sources.size());
        for (IndexSource source : sources) {
            if (source.table() == null) {
                stamps.add(new DeviceStamp(source.uuid().toString(), -1, -1));
            } else {
                stamps.add(new DeviceStamp(source.uuid().toString(), source.table().lastBatchId(),
                        source.table().count()));
            }
        }
        return new IndexStamp(objectId, stamps);
    }

    /** The one-line form kept in the index file. */
    public String encode() {
        StringBuilder text = new StringBuilder(objectId);
        for (DeviceStamp d : devices) {
            text.append(';').append(d.uuid()).append(',').append(d.lastBatchId()).append(',').append(d.entries());
        }
        return text.toString();
    }

    /** Reads the form {@link #encode()} writes. */
    public static IndexStamp decode(String text) {
        String[] parts = text.split(";");
        List<DeviceStamp> devices = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String[] fields = parts[i].split(",");
            if (fields.length != 3) {
                throw new IllegalArgumentException("bad index stamp " + text);
            }
            devices.add(new DeviceStamp(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2])));
        }
        return new IndexStamp(parts[0], devices);
    }
}
