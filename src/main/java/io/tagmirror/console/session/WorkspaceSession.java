package io.tagmirror.console.session;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorEvent;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.workspace.MirrorAssembly;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An open workspace as the console holds it: the catalog, the devices it opened, the mirrors it
 * assembled from them, and who listens for changes.
 *
 * <p>A device is opened once however many mirrors use it, and stays open (and locked against other
 * processes) until its mirrors are released or the session closes; a device locked by another
 * process is opened read-only instead. Methods may block on drives: call them off the FX thread.
 *
 * <p>A long workflow (the repair wizard, a replay) holds its mirror with a {@linkplain #lease lease}:
 * while it does, a second lease, releasing the mirror and releasing one of its devices are refused,
 * so no screen can close or delete a mirror from under it, whether or not it thought to ask.
 *
 * <p>A mirror the console {@linkplain #startServing serves} over NBD is refused to leases likewise: its
 * clients use it as a disk, which a replay's writes or a repair wizard's review would not expect.
 * Taking its members offline and back stays possible: that is what serving is watched for.
 */
public final class WorkspaceSession implements AutoCloseable {

    /** Sub-directory of the workspace for the tag table indexes, a cache rebuilt when lost. */
    public static final String INDEX_DIRECTORY = "index";

    private final Workspace workspace;
    private final TagIndexes indexes;
    private final Map<UUID, Device> devices = new HashMap<>();
    private final Map<UUID, String> readOnlyDevices = new HashMap<>();
    private final Map<UUID, MirrorHandle> mirrors = new LinkedHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    /** The leased mirrors, by uuid: what holds each. */
    private final Map<UUID, Lease> leases = new HashMap<>();
    /** The mirrors served over NBD by the console, by uuid: their names. */
    private final Map<UUID, String> served = new HashMap<>();
    private boolean closed;

    private WorkspaceSession(Workspace workspace) {
        this.workspace = workspace;
        this.indexes = new TagIndexes(workspace.directory().resolve(INDEX_DIRECTORY), workspace);
    }

    /** Opens (creating when missing) the workspace in {@code dir}. */
    public static WorkspaceSession open(Path dir) throws IOException {
        return new WorkspaceSession(Workspace.open(dir));
    }

    public Workspace workspace() {
        return workspace;
    }

    public Path directory() {
        return workspace.directory();
    }

    public TagIndexes indexes() {
        return indexes;
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners that devices or mirrors were added or removed. */
    public void catalogChanged() {
        for (SessionListener l : listeners) {
            l.catalogChanged();
        }
    }

    /** The mirror assembled from its devices, assembling it on first use. */
    public synchronized MirrorHandle mirror(MirrorDefinition definition) throws IOException {
        checkOpen();
        MirrorHandle handle = mirrors.get(definition.uuid());
        if (handle != null) {
            return handle;
        }
        Map<UUID, String> unavailable = new LinkedHashMap<>();
        List<Device> available = new ArrayList<>();
        String readOnly = null;
        for (UUID member : definition.devices()) {
            Optional<Device> device = device(member, unavailable);
            if (device.isPresent()) {
                available.add(device.get());
                if (device.get().isReadOnly() && readOnly == null) {
                    readOnly = readOnlyDevices.get(member);
                }
            }
        }
        Mirror mirror = MirrorAssembly.assemble(workspace, definition, available, unavailable, DurabilityMode.POWER_SAFE);
        UUID id = definition.uuid();
        MirrorEvent.Listener listener = event -> {
            for (SessionListener l : listeners) {
                l.mirrorChanged(id, event);
            }
        };
        mirror.addListener(listener);
        handle = new MirrorHandle(definition, mirror, unavailable, readOnly, listener);
        mirrors.put(id, handle);
        return handle;
    }

    /**
     * The mirror, assembled, as the operations take it: with where its members are and the open ones
     * among them.
     */
    public synchronized AssembledMirror operable(MirrorDefinition definition) throws IOException {
        MirrorHandle handle = mirror(definition);
        Map<UUID, String> locations = new LinkedHashMap<>();
        List<Device> open = new ArrayList<>();
        for (UUID member : definition.devices()) {
            locations.put(member, workspace.devicePath(member).map(Path::toString).orElse(member.toString()));
            Optional.ofNullable(devices.get(member)).ifPresent(open::add);
        }
        return AssembledMirror.of(workspace, handle.mirror(), locations, handle.unavailable(), open);
    }

    private record Lease(String mirror, String purpose) {
    }

    /**
     * The mirror, assembled, and held for {@code purpose} (e.g. "the compare and repair wizard") until
     * {@link #endLease}; refused when something else holds it.
     */
    public synchronized MirrorHandle lease(MirrorDefinition definition, String purpose) throws IOException {
        checkOpen();
        Lease held = leases.get(definition.uuid());
        if (held != null) {
            throw inUse(held);
        }
        refuseIfServed(definition.uuid());
        MirrorHandle handle = mirror(definition);
        leases.put(definition.uuid(), new Lease(definition.name(), purpose));
        return handle;
    }

    /**
     * Marks the mirror as served over NBD from now on, until {@link #endServing}; refused while a
     * workflow holds it or it is served already.
     */
    public synchronized void startServing(MirrorDefinition definition) throws TagMirrorException {
        checkOpen();
        Lease held = leases.get(definition.uuid());
        if (held != null) {
            throw inUse(held);
        }
        refuseIfServed(definition.uuid());
        served.put(definition.uuid(), definition.name());
    }

    /** The mirror is no longer served. */
    public synchronized void endServing(UUID mirror) {
        served.remove(mirror);
    }

    /** Whether the console serves {@code mirror} over NBD. */
    public synchronized boolean isServed(UUID mirror) {
        return served.containsKey(mirror);
    }

    private void refuseIfServed(UUID mirror) throws TagMirrorException {
        String name = served.get(mirror);
        if (name != null) {
            throw new TagMirrorException("mirror " + name + " is served over NBD by this console and its clients use it"
                    + " as a disk; stop serving it on the Mirrors screen first");
        }
    }

    /** Ends the lease on {@code mirror}; the mirror stays assembled. */
    public synchronized void endLease(UUID mirror) {
        leases.remove(mirror);
    }

    /** Ends the lease on {@code mirror} and releases it, with nothing able to take it in between. */
    public synchronized void endLeaseAndRelease(UUID mirror) throws IOException {
        leases.remove(mirror);
        release(mirror);
    }

    /** What holds the mirror named {@code name}, if something does. */
    public synchronized Optional<String> holder(String name) {
        return leases.values().stream().filter(l -> l.mirror().equals(name)).map(Lease::purpose).findFirst();
    }

    /**
     * The refusal to show before {@code doing} something that would pull mirror {@code name} from under
     * the workflow holding it, e.g. "Cannot delete mirror lab: mirror lab is in use by a workload replay;
     * finish or stop that first."; empty when it is free.
     */
    public synchronized Optional<String> refusal(String doing, String name) {
        return holder(name).map(h -> "Cannot " + doing + ": mirror " + name + " is in use by " + h
                + "; finish or stop that first.");
    }

    /** What holds {@code mirror}, if something does. */
    public synchronized Optional<String> holder(UUID mirror) {
        return Optional.ofNullable(leases.get(mirror)).map(Lease::purpose);
    }

    private static TagMirrorException inUse(Lease held) {
        return new TagMirrorException("mirror " + held.mirror() + " is in use by " + held.purpose()
                + "; finish or stop that first");
    }

    /** The mirror if the session has assembled it. */
    public synchronized Optional<MirrorHandle> assembled(UUID mirror) {
        return Optional.ofNullable(mirrors.get(mirror));
    }

    /** A device the session has open, if it has. */
    public synchronized Optional<Device> openDevice(UUID device) {
        return Optional.ofNullable(devices.get(device));
    }

    /**
     * The device, opened for writing unless another process holds it; {@code unavailable} gets why
     * it cannot be opened at all.
     */
    public synchronized Optional<Device> device(UUID uuid, Map<UUID, String> unavailable) throws IOException {
        checkOpen();
        Device open = devices.get(uuid);
        if (open != null) {
            return Optional.of(open);
        }
        Optional<Device> device = MirrorAssembly.openMember(workspace, uuid,
                MirrorAssembly.writableElseReadOnly(why -> readOnlyDevices.put(uuid, why)),
                MirrorAssembly.WhenHeld.OFFLINE, "import it on the Drives screen", unavailable);
        if (device.isEmpty()) {
            readOnlyDevices.remove(uuid);
            return Optional.empty();
        }
        devices.put(uuid, device.get());
        return device;
    }

    /**
     * Lends operations the devices this session keeps open, by path: a device is opened once, stays
     * open after the operation, and is refused with its reason when it cannot be opened.
     */
    public DeviceAccess deviceAccess() {
        return new DeviceAccess() {
            @Override
            public Device open(DeviceAddress address) throws IOException {
                UUID uuid = workspace.devices().stream().filter(d -> d.address().equals(address))
                        .map(Workspace.KnownDevice::uuid).findFirst()
                        .orElseThrow(() -> new TagMirrorException(address + " is not a device of workspace "
                                + directory() + " (import it on the Drives screen)"));
                Map<UUID, String> unavailable = new HashMap<>();
                Optional<Device> device = device(uuid, unavailable);
                if (device.isEmpty()) {
                    throw new TagMirrorException("Cannot open device " + address + ": " + unavailable.get(uuid));
                }
                return device.get();
            }

            @Override
            public void done(Device device) {
                // the session keeps it open for the screens
            }
        };
    }

    /**
     * Lends operations a device this session has open, and opens any other for the operation alone,
     * closing it after: for work that must not leave devices open behind it (deleting a mirror).
     */
    public DeviceAccess borrowingAccess() {
        DeviceAccess exclusive = DeviceAccess.exclusive();
        return new DeviceAccess() {
            private final List<Device> own = new ArrayList<>();

            @Override
            public Device open(DeviceAddress address) throws IOException {
                synchronized (WorkspaceSession.this) {
                    for (Workspace.KnownDevice known : workspace.devices()) {
                        Device open = devices.get(known.uuid());
                        if (known.address().equals(address) && open != null) {
                            return open;
                        }
                    }
                }
                Device device = exclusive.open(address);
                own.add(device);
                return device;
            }

            @Override
            public void done(Device device) throws IOException {
                if (own.remove(device)) {
                    exclusive.done(device);
                }
            }
        };
    }

    /**
     * Closes the mirror (an orderly close flushes it) and the devices no other assembled mirror uses;
     * refused while the mirror is leased.
     */
    public synchronized void release(UUID mirror) throws IOException {
        Lease held = leases.get(mirror);
        if (held != null) {
            throw inUse(held);
        }
        refuseIfServed(mirror);
        closeMirror(mirror);
    }

    private void closeMirror(UUID mirror) throws IOException {
        MirrorHandle handle = mirrors.remove(mirror);
        if (handle == null) {
            return;
        }
        handle.mirror().removeListener(handle.listener());
        IOException first = null;
        try {
            handle.mirror().close();
        } catch (IOException e) {
            first = e;
        }
        for (UUID member : handle.definition().devices()) {
            boolean stillUsed = mirrors.values().stream().anyMatch(m -> m.definition().devices().contains(member));
            if (!stillUsed) {
                try {
                    closeDevice(member);
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Releases every mirror that uses {@code device}, and the device itself; refused while one of them is leased. */
    public synchronized void releaseDevice(UUID device) throws IOException {
        List<UUID> using = mirrors.values().stream()
                .filter(m -> m.definition().devices().contains(device))
                .map(m -> m.definition().uuid()).toList();
        for (UUID mirror : using) {
            Lease held = leases.get(mirror);
            if (held != null) {
                throw inUse(held);
            }
            refuseIfServed(mirror);
        }
        for (UUID mirror : using) {
            release(mirror);
        }
        closeDevice(device);
    }

    private void closeDevice(UUID uuid) throws IOException {
        Device device = devices.remove(uuid);
        readOnlyDevices.remove(uuid);
        if (device != null) {
            device.close();
        }
    }

    private void checkOpen() throws TagMirrorException {
        if (closed) {
            throw new TagMirrorException("the workspace " + directory() + " is closed");
        }
    }

    /** Closes the mirrors (flushing them), then the devices, then the catalog. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Closing is the last word (the console asked first and stopped its workflows): leases end here.
        leases.clear();
        served.clear();
        IOException first = null;
        for (UUID mirror : new ArrayList<>(mirrors.keySet())) {
            try {
                closeMirror(mirror);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (UUID device : new ArrayList<>(devices.keySet())) {
            try {
                closeDevice(device);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        listeners.clear();
        try {
            workspace.close();
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }
}
