package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.operations.MemberReplacement;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.operations.MirrorDeletion;
import io.tagmirror.workspace.OpenMirror;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                MirrorCommand.ListMirrors.class, MirrorCommand.Replace.class,
                MirrorCommand.Delete.class})
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
            try (Workspace ws = common.openOrCreateWorkspace()) {
                MirrorCreation.Created created = MirrorCreation.create(ws, name, bytes, dirs, DeviceAccess.exclusive());
                MirrorDefinition def = created.definition();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("mirror", name);
                out.put("uuid", def.uuid().toString());
                out.put("sizeBytes", bytes);
                out.put("blockSize", def.blockSize());
                out.put("devices", created.devices().stream().map(Path::toString).toList());
                long free = created.smallestFreeBytes();
                String warning = free >= 0 && free < bytes
                        ? "\nnote: objects are sparse; the smallest drive has only " + ByteSize.format(free)
                        + " free for a " + ByteSize.format(bytes) + " volume" : "";
                common.print(spec.commandLine().getOut(), out, "created mirror " + name + " of "
                        + ByteSize.format(bytes) + " on " + Plural.of(created.devices().size(), "device", "devices") + warning);
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
            if (DeviceAddress.directory(abs).readDescriptor().mirrors().isEmpty()) {
                throw new TagMirrorException(abs + " is a device of no mirror; nothing to import");
            }
            try (Workspace ws = common.openOrCreateWorkspace()) {
                io.tagmirror.operations.DeviceImport.Result result = io.tagmirror.operations.DeviceImport.run(ws, abs, search);
                List<Map<String, Object>> imported = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (io.tagmirror.operations.DeviceImport.MirrorImport m : result.mirrors()) {
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
                MemberReplacement.Plan plan = MemberReplacement.plan(ws, name, old, replacement);
                MirrorDefinition def = plan.mirror();
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
                TerminalProgress progress = common.progress();
                MemberReplacement.Result result;
                try {
                    result = MemberReplacement.replace(ws, plan, progress);
                } finally {
                    progress.finish();
                }
                ScrubReport scrub = result.scrub();
                common.print(spec.commandLine().getOut(), result.figures(), "replaced " + old + " by " + replacement
                        + " in mirror " + name + "; compared " + ByteSize.format(scrub.blocksCompared() * def.blockSize())
                        + " and copied the " + ByteSize.format(scrub.bytesCopied()) + " that differed onto it"
                        + (scrub.cancelled() ? "; cancelled before the end: finish the copy with"
                        + " 'verify " + name + " --repair-from DIR --yes'" : ""));
                return (scrub.cancelled() ? ExitCode.CANCELLED : ExitCode.OK).code();
            }
        }
    }

    /** Deletes a mirror's data on its devices and its catalog entry; the devices stay. */
    @Command(name = "delete", description = "Delete mirror NAME: its data on each member device that is reachable, its"
            + " record on those devices and its catalog entry. The devices, their other mirrors and the history stay.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--yes", description = "really delete; without it, say what would be deleted")
        boolean yes;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace()) {
                MirrorDeletion.Plan plan = MirrorDeletion.plan(ws, name);
                if (!yes) {
                    common.print(spec.commandLine().getOut(), Map.of("dryRun", true),
                            plan.describe() + "\nnothing was changed: run again with --yes");
                    return 0;
                }
                Map<String, Object> figures = MirrorDeletion.run(ws, plan, DeviceAccess.exclusive());
                long left = plan.targets().stream().filter(t -> !t.reachable()).count();
                common.print(spec.commandLine().getOut(), figures, "deleted mirror " + name
                        + (left == 0 ? "" : "; " + Plural.of(left, "unreachable device keeps", "unreachable devices keep")
                        + " its copy untouched"));
                return 0;
            }
        }
    }
}
