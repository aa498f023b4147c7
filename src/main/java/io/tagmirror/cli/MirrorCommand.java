package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.device.DirectoryDevice;
import io.tagmirror.workspace.HistoryKind;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Outcome;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tagmirror mirror ...}: create, import, list mirrors and show their status. */
@Command(name = "mirror", description = "Create, import and inspect mirrors.", mixinStandardHelpOptions = true,
        subcommands = {MirrorCommand.Create.class, MirrorCommand.Import.class, MirrorCommand.Status.class,
                MirrorCommand.ListMirrors.class, MirrorCommand.Replace.class})
final class MirrorCommand {

    /** Makes a mirror of a given size over two or more devices. */
    @Command(name = "create", description = "Create mirror NAME of --size over the devices DIR DIR [DIR...].")
    static final class Create implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1..*", paramLabel = "DIR", arity = "1..*")
        List<Path> dirs;
        @Option(names = "--size", required = true, converter = SizeOptions.Bytes.class,
                description = "volume size, e.g. 64MiB, 1GiB")
        long bytes;

        @Override
        public Integer call() throws Exception {
            Mirror.checkName(name);
            if (dirs.size() < 2) {
                throw new TagMirrorException("a mirror needs at least two devices, got " + dirs.size());
            }
            List<Path> real = new ArrayList<>();
            for (Path d : dirs) {
                Path r = Files.isDirectory(d) ? d.toRealPath() : d.toAbsolutePath().normalize();
                if (real.contains(r)) {
                    throw new TagMirrorException("device " + d + " is given twice (two devices on the same path)");
                }
                real.add(r);
            }
            try (Workspace ws = common.openOrCreateWorkspace()) {
                if (ws.mirror(name).isPresent()) {
                    throw new TagMirrorException("the workspace already has a mirror named " + name);
                }
                List<DirectoryDevice> devices = new ArrayList<>();
                try {
                    for (Path d : dirs) {
                        devices.add(DirectoryDevice.open(d, false));
                    }
                    long free = devices.stream().mapToLong(DirectoryDevice::freeBytes).min().orElse(-1);
                    try (Mirror m = Mirror.create(name, bytes, devices, DurabilityMode.POWER_SAFE)) {
                        for (DirectoryDevice d : devices) {
                            ws.addDevice(d.uuid(), d.directory());
                        }
                        ws.addMirror(m.definition());
                        Map<String, Object> out = new LinkedHashMap<>();
                        out.put("mirror", name);
                        out.put("uuid", m.definition().uuid().toString());
                        out.put("sizeBytes", bytes);
                        out.put("blockSize", m.blockSize());
                        out.put("devices", devices.stream().map(d -> d.directory().toString()).toList());
                        String warning = free >= 0 && free < bytes
                                ? "\nnote: objects are sparse; the smallest drive has only " + ByteSize.format(free)
                                + " free for a " + ByteSize.format(bytes) + " volume" : "";
                        common.print(spec.commandLine().getOut(), out, "created mirror " + name + " of "
                                + ByteSize.format(bytes) + " on " + Plural.of(devices.size(), "device", "devices") + warning);
                    }
                } finally {
                    for (DirectoryDevice d : devices) {
                        d.close();
                    }
                }
            }
            return 0;
        }
    }

    /** Re-assembles the mirrors recorded on a device into the workspace, finding their other devices. */
    @Command(name = "import", description = "Bring the mirrors recorded on device DIR (and their devices) into the workspace.")
    static final class Import implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR")
        Path dir;
        @Option(names = "--search", paramLabel = "DIR", description = "more directories whose sub-directories may hold the other devices")
        List<Path> search = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path abs = dir.toAbsolutePath().normalize();
            if (DirectoryDevice.readDescriptor(abs).mirrors().isEmpty()) {
                throw new TagMirrorException(abs + " is a device of no mirror; nothing to import");
            }
            try (Workspace ws = common.openOrCreateWorkspace()) {
                io.tagmirror.workspace.DeviceImport.Result result = io.tagmirror.workspace.DeviceImport.run(ws, abs, search);
                List<Map<String, Object>> imported = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (io.tagmirror.workspace.DeviceImport.MirrorImport m : result.mirrors()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("mirror", m.name());
                    row.put("devices", m.found().stream().map(Path::toString).toList());
                    row.put("missing", m.missing().stream().map(UUID::toString).toList());
                    imported.add(row);
                    int members = m.found().size() + m.missing().size();
                    text.append("imported mirror ").append(m.name()).append(": ").append(m.found().size()).append(" of ")
                            .append(Plural.of(members, "device", "devices")).append(" found")
                            .append(m.missing().isEmpty() ? "" : " (missing " + m.missing() + ")").append('\n');
                }
                common.print(spec.commandLine().getOut(), Map.of("imported", imported), text.toString().stripTrailing());
            }
            return 0;
        }
    }

    /** Shows each device's online state and entry count, and the mirror's state. */
    @Command(name = "status", description = "Show mirror NAME: devices, online state, entry counts, state.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace();
                 OpenMirror om = OpenMirror.open(ws, name, DurabilityMode.POWER_SAFE, true)) {
                Mirror m = om.mirror();
                MirrorState state = m.state();
                List<MemberStatus> members = m.status();
                Map<UUID, String> locations = om.locations(ws);
                Map<String, Object> out = Reports.status(name, state, m.sizeBytes(), m.blockSize(), members,
                        om.unavailable(), locations);
                StringBuilder text = new StringBuilder();
                text.append("mirror ").append(name).append(": ").append(state.label()).append(", ")
                        .append(ByteSize.format(m.sizeBytes())).append(", block size ").append(m.blockSize());
                for (MemberStatus s : members) {
                    text.append("\n  ").append(locations.get(s.device())).append("  ")
                            .append(s.online() ? "online" : "offline (" + om.unavailable().getOrDefault(s.device(), s.offlineReason()) + ")")
                            .append(s.entries() >= 0 ? ", " + Plural.of(s.entries(), "entry", "entries") : "")
                            .append(s.needsScrub() ? "; needs a scrub (its tag table was reset, or it replaced a member):"
                                    + " tagmirror verify " + name + " --repair-from OTHER_DIR --yes"
                                    : s.stale() ? "; missed writes: compare and repair" : "");
                }
                if (state == MirrorState.DIVERGED && members.stream().noneMatch(MemberStatus::stale)) {
                    text.append("\n  entries of earlier writes are left (a crash, an outage): tagmirror compare ").append(name)
                            .append(" shows what differs");
                }
                common.print(spec.commandLine().getOut(), out, text.toString());
            }
            return 0;
        }
    }

    /** Lists the workspace's mirrors. */
    @Command(name = "list", description = "List the mirrors the workspace knows.")
    static final class ListMirrors implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (MirrorDefinition m : ws.mirrors()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", m.name());
                    row.put("uuid", m.uuid().toString());
                    row.put("sizeBytes", m.sizeBytes());
                    row.put("devices", m.devices().size());
                    rows.add(row);
                    text.append(m.name()).append("  ").append(ByteSize.format(m.sizeBytes())).append("  ")
                            .append(Plural.of(m.devices().size(), "device", "devices")).append('\n');
                }
                common.print(spec.commandLine().getOut(), Map.of("mirrors", rows),
                        rows.isEmpty() ? "no mirrors in workspace " + ws.directory() : text.toString().stripTrailing());
            }
            return 0;
        }
    }

    /** Puts a new device in the place of a member that is gone for good, and fills it by a scrub. */
    @Command(name = "replace", description = "Replace member --old (a path or uuid, may be gone) of mirror NAME by the new"
            + " device --new, then compare every block with a healthy member and copy onto it those that differ.")
    static final class Replace implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--old", required = true, paramLabel = "DIR|UUID")
        String old;
        @Option(names = "--new", required = true, paramLabel = "DIR", description = "a device made with 'device create', of no mirror")
        Path replacement;
        @Option(names = "--yes", description = "really replace and copy; without it, say what would happen")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace()) {
                MirrorDefinition def = ws.requireMirror(name);
                UUID oldUuid = resolve(ws, old);
                if (!def.devices().contains(oldUuid)) {
                    throw new TagMirrorException(old + " is not a member of mirror " + name);
                }
                DeviceDescriptor newDesc = DirectoryDevice.readDescriptor(replacement.toAbsolutePath().normalize());
                if (!yes) {
                    common.print(spec.commandLine().getOut(), Map.of("dryRun", true),
                            "would make " + replacement + " a member of " + name + " in place of " + old
                                    + ", then compare all " + ByteSize.format(def.sizeBytes()) + " block by block with a healthy"
                                    + " member and copy the blocks that differ onto it (at most "
                                    + ByteSize.format(def.sizeBytes()) + "; blocks never written are zero on both and"
                                    + " are not copied)"
                                    + "\nnothing was changed: run again with --yes");
                    return 0;
                }
                MirrorDefinition next;
                List<DirectoryDevice> others = new ArrayList<>();
                try (DirectoryDevice fresh = DirectoryDevice.open(replacement, false)) {
                    for (UUID member : def.devices()) {
                        Optional<Path> p = ws.devicePath(member);
                        if (!member.equals(oldUuid) && p.isPresent() && Files.isDirectory(p.get())) {
                            others.add(DirectoryDevice.open(p.get(), false));
                        }
                    }
                    if (others.isEmpty()) {
                        throw new TagMirrorException("no other member of mirror " + name + " is reachable to copy from");
                    }
                    next = Mirror.replaceMember(def, oldUuid, fresh, others);
                    ws.addDevice(fresh.uuid(), fresh.directory());
                    ws.addMirror(next);
                } finally {
                    for (DirectoryDevice d : others) {
                        d.close();
                    }
                }
                try (OpenMirror om = OpenMirror.open(ws, name, DurabilityMode.POWER_SAFE, false)) {
                    UUID source = om.devices().stream().map(DirectoryDevice::uuid).filter(u -> !u.equals(newDesc.uuid()))
                            .findFirst().orElseThrow();
                    TerminalProgress progress = common.progress();
                    io.tagmirror.engine.ScrubReport scrub;
                    try {
                        scrub = om.mirror().scrub(source, progress);
                    } finally {
                        progress.finish();
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("mirror", name);
                    out.put("replaced", oldUuid.toString());
                    out.put("by", replacement.toAbsolutePath().normalize().toString());
                    out.put("bytesCopied", scrub.bytesCopied());
                    out.put("seconds", scrub.seconds());
                    ws.recordHistory(HistoryKind.REPLACE, name,
                            scrub.cancelled() ? Outcome.REPLACED_COPY_CANCELLED : Outcome.REPLACED, out);
                    common.print(spec.commandLine().getOut(), out, "replaced " + old + " by " + replacement + " in mirror "
                            + name + "; compared " + ByteSize.format(scrub.blocksCompared() * def.blockSize())
                            + " and copied the " + ByteSize.format(scrub.bytesCopied()) + " that differed onto it"
                            + (scrub.cancelled() ? "; cancelled before the end: finish the copy with"
                            + " 'verify " + name + " --repair-from DIR --yes'" : ""));
                    return (scrub.cancelled() ? ExitCode.CANCELLED : ExitCode.OK).code();
                }
            }
        }

        private static UUID resolve(Workspace ws, String text) throws IOException {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException notUuid) {
                Path abs = Path.of(text).toAbsolutePath().normalize();
                for (Workspace.KnownDevice d : ws.devices()) {
                    if (d.path().equals(abs)) {
                        return d.uuid();
                    }
                }
                throw new TagMirrorException(text + " is neither a device uuid nor a device path of this workspace");
            }
        }
    }
}
