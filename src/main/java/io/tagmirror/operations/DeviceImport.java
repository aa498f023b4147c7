package io.tagmirror.operations;

import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.Membership;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Brings an existing device into a workspace with the mirrors its descriptor records, finding the
 * other devices of those mirrors: where the catalog says, the directory given, or a sibling of it
 * (devices made side by side), or under extra search directories. The command line's
 * {@code mirror import} and the console's Import device both use it.
 */
public final class DeviceImport {

    /** One mirror found on the device: where its members were found, and which were not. */
    public record MirrorImport(String name, List<Path> found, List<UUID> missing,
                               java.util.Optional<String> sizeNotice) {
    }

    /** What an import recorded. */
    public record Result(UUID device, Path path, List<MirrorImport> mirrors) {
    }

    private DeviceImport() {
    }

    /**
     * Reads {@code dir}'s descriptor (refusing anything that is not a device) and records what it names.
     * Each mirror is recorded as the newest generation its devices (and the catalog) know; a device
     * that generation no longer lists is refused, naming the member that replaced it. Everything is
     * decided before anything is recorded, so a refused import leaves the workspace as it was.
     */
    public static Result run(Workspace workspace, Path dir, List<Path> searchRoots) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        DeviceDescriptor descriptor = DeviceAddress.at(abs).readDescriptor();
        List<Found> plans = new ArrayList<>();
        for (MirrorDefinition own : descriptor.mirrors()) {
            Found plan = find(workspace, descriptor.uuid(), abs, own, searchRoots);
            refuseNameTaken(workspace, plan.current(), abs);
            plans.add(plan);
        }
        workspace.addDevice(descriptor.uuid(), DeviceAddress.at(abs));
        List<MirrorImport> mirrors = new ArrayList<>();
        for (Found plan : plans) {
            List<Path> found = new ArrayList<>();
            List<UUID> missing = new ArrayList<>();
            for (UUID member : plan.current().devices()) {
                Path where = plan.located().get(member);
                if (where != null) {
                    workspace.addDevice(member, DeviceAddress.at(where));
                    found.add(where);
                } else {
                    missing.add(member);
                }
            }
            workspace.addMirror(plan.current());
            mirrors.add(new MirrorImport(plan.current().name(), found, missing, sizeNotice(plan.current(), found)));
        }
        for (MirrorImport m : mirrors) {
            record(workspace, abs, m);
        }
        return new Result(descriptor.uuid(), abs, mirrors);
    }

    /**
     * Refuses, before anything is recorded, a mirror whose name another mirror of the workspace has: the
     * catalog would refuse it only after the devices were added.
     */
    private static void refuseNameTaken(Workspace workspace, MirrorDefinition mirror, Path from) throws IOException {
        Optional<MirrorDefinition> same = workspace.mirror(mirror.name());
        if (same.isPresent() && !same.get().uuid().equals(mirror.uuid())) {
            throw new TagMirrorException(from + " belongs to mirror " + mirror.name() + " (" + mirror.uuid()
                    + "), but this workspace already has another mirror named " + mirror.name() + " ("
                    + same.get().uuid() + "); nothing was imported: import it into another workspace");
        }
    }

    /** When the block devices found hold larger data regions than the mirror, what stays unused. */
    private static java.util.Optional<String> sizeNotice(MirrorDefinition mirror, List<Path> found) throws IOException {
        Map<String, Long> regions = new LinkedHashMap<>();
        for (Path p : found) {
            if (DeviceAddress.at(p).kind() == io.tagmirror.engine.DeviceKind.BLOCK) {
                regions.put(p.toString(), io.tagmirror.engine.block.BlockDevice.readDataRegionBytes(p));
            }
        }
        return io.tagmirror.engine.DataRegions.notice(mirror.sizeBlocks() * mirror.blockSize(), regions);
    }

    /** An import changes which devices the workspace holds for a mirror: the history keeps it. */
    private static void record(Workspace workspace, Path from, MirrorImport m) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("from", from.toString());
        figures.put("devices", m.found().stream().map(Path::toString).toList());
        figures.put("missing", m.missing().stream().map(UUID::toString).toList());
        workspace.recordHistory(HistoryKind.IMPORT, m.name(),
                m.missing().isEmpty() ? Outcome.IMPORTED : Outcome.IMPORTED_MEMBERS_MISSING, figures);
    }

    /** A mirror's current definition and where its devices were found. */
    private record Found(MirrorDefinition current, Map<UUID, Path> located) {
    }

    /**
     * Finds the devices every known record of mirror {@code own} names, reads their own records of it,
     * and weighs them all; refuses when the device being imported is retired.
     */
    private static Found find(Workspace workspace, UUID self, Path given, MirrorDefinition own, List<Path> searchRoots)
            throws IOException {
        Map<UUID, Path> located = new LinkedHashMap<>();
        located.put(self, given);
        List<Membership.Record> records = new ArrayList<>();
        records.add(new Membership.Record(self, given.toString(), own));
        for (MirrorDefinition known : workspace.mirrors()) {
            if (known.uuid().equals(own.uuid())) {
                records.add(new Membership.Record(null, "this workspace", known));
            }
        }
        // A newer record may name a device no older one does (the one that replaced a member): look
        // until no record names a device not yet looked for.
        Set<UUID> sought = new HashSet<>(located.keySet());
        boolean more = true;
        while (more) {
            more = false;
            for (Membership.Record r : List.copyOf(records)) {
                for (UUID member : r.definition().devices()) {
                    if (!sought.add(member)) {
                        continue;
                    }
                    more = true;
                    Optional<Path> where = locate(workspace, member, given, searchRoots);
                    if (where.isEmpty()) {
                        continue;
                    }
                    located.put(member, where.get());
                    DeviceAddress.at(where.get()).readDescriptor().mirrors().stream()
                            .filter(m -> m.uuid().equals(own.uuid())).findFirst()
                            .ifPresent(m -> records.add(new Membership.Record(member, where.get().toString(), m)));
                }
            }
        }
        Membership.Assessment assessment = Membership.assess(records);
        Optional<Membership.Retirement> retired = assessment.retirementOf(self);
        if (retired.isPresent()) {
            throw Membership.refusal(retired.get(), uuid -> located.containsKey(uuid) ? located.get(uuid).toString()
                    : "device " + uuid);
        }
        return new Found(assessment.current(), located);
    }

    private static Optional<Path> locate(Workspace workspace, UUID member, Path given, List<Path> searchRoots)
            throws IOException {
        Optional<Path> known = workspace.devicePath(member);
        if (known.isPresent() && holds(known.get(), member)) {
            return known;
        }
        if (holds(given, member)) {
            return Optional.of(given);
        }
        List<Path> roots = new ArrayList<>(searchRoots);
        if (given.getParent() != null) {
            roots.add(given.getParent());
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
                for (Path child : children) {
                    if (holds(child, member)) {
                        return Optional.of(child.toAbsolutePath().normalize());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holds(Path dir, UUID uuid) {
        try {
            DeviceAddress address = DeviceAddress.at(dir);
            return address.isDevice() && address.readDescriptor().uuid().equals(uuid);
        } catch (IOException e) {
            return false;
        }
    }
}
