package io.tagmirror.console.tags;

import io.tagmirror.console.session.WorkspaceSession;
import io.tagmirror.console.task.BackgroundJob;
import io.tagmirror.console.task.TaskRunner;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.TagEntry;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.IndexSummary;
import io.tagmirror.workspace.index.IndexedDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The details pane of the tag tables: the selected tag's full entry on each device and the CRC32C
 * of that entry's blocks as each device holds them now, read in the background.
 */
public final class RowDetailsViewModel {

    /** Larger ranges are not checksummed here: the pane must answer in a moment. */
    static final long MAX_BYTES_READ = 64L << 20;

    private final TaskRunner tasks;
    private final Supplier<WorkspaceSession> session;
    private final ReadOnlyObjectWrapper<IndexRow> row = new ReadOnlyObjectWrapper<>(this, "row");
    private final ObservableList<DeviceDetail> devices = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper reading = new ReadOnlyBooleanWrapper(this, "reading", false);
    private int generation;

    public RowDetailsViewModel(TaskRunner tasks, Supplier<WorkspaceSession> session) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Shows {@code selected} (null clears the pane) and reads its checksums on every device.
     *
     * @param blockSize the mirror's block size, to bound what is read
     */
    public void show(IndexRow selected, IndexSummary summary, int blockSize) {
        int mine = ++generation;
        row.set(selected);
        devices.clear();
        if (selected == null || summary == null) {
            return;
        }
        List<DeviceDetail> unread = new ArrayList<>();
        for (IndexedDevice d : summary.devices()) {
            unread.add(new DeviceDetail(d.label(), entryOf(selected, d.position()), null, "reading…"));
        }
        devices.setAll(unread);
        WorkspaceSession current = session.get();
        if (current == null) {
            return;
        }
        reading.set(true);
        tasks.submit(BackgroundJob.of("Reading checksums of " + selected.tag(),
                        progress -> readAll(current, selected, summary, blockSize))
                .onSuccess(details -> {
                    if (mine == generation) {
                        devices.setAll(details);
                    }
                })
                .onFinished(() -> {
                    if (mine == generation) {
                        reading.set(false);
                    }
                }));
    }

    private static TagEntry entryOf(IndexRow row, int position) {
        return position < row.devices() ? row.entryOrNull(position) : null;
    }

    /** Each device's entry and the checksum of that entry's blocks on it (or of the row's blocks, when it has none). */
    static List<DeviceDetail> readAll(WorkspaceSession session, IndexRow row, IndexSummary summary, int blockSize)
            throws IOException {
        List<DeviceDetail> out = new ArrayList<>();
        TagEntry reference = row.anyEntry();
        for (IndexedDevice d : summary.devices()) {
            TagEntry own = entryOf(row, d.position());
            TagEntry range = own != null ? own : reference;
            Optional<DeviceAddress> address = session.workspace().deviceAddress(d.uuid());
            if (address.isEmpty() || !address.get().isDevice()) {
                out.add(new DeviceDetail(d.label(), own, null, "not reachable"));
                continue;
            }
            if ((long) range.blockCount() * blockSize > MAX_BYTES_READ) {
                out.add(new DeviceDetail(d.label(), own, null, "range too large to read here"));
                continue;
            }
            // Read-only: reading data must never take a device's lock from whoever writes to it.
            try (Device device = address.get().inspect()) {
                if (!device.hasObject(range.objectId())) {
                    out.add(new DeviceDetail(d.label(), own, null, "the mirror's object is missing here"));
                    continue;
                }
                ByteBuffer data = device.object(range.objectId()).read(range.firstBlock(), range.blockCount());
                CRC32C crc = new CRC32C();
                crc.update(data);
                out.add(new DeviceDetail(d.label(), own, (int) crc.getValue(), null));
            } catch (TagMirrorException e) {
                out.add(new DeviceDetail(d.label(), own, null, e.getMessage()));
            }
        }
        return out;
    }

    /** The tag shown, or null. */
    public ReadOnlyObjectProperty<IndexRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    /** One line per device, in the mirror's order. */
    public ObservableList<DeviceDetail> devices() {
        return devices;
    }

    public ReadOnlyBooleanProperty readingProperty() {
        return reading.getReadOnlyProperty();
    }
}
