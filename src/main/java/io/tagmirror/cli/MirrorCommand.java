package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.IntentExtents;
import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.MirrorState;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.ResyncProgress;
import io.tagmirror.engine.ResyncReport;
import io.tagmirror.engine.ScrubReport;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.AssembledMirror;
import io.tagmirror.operations.BackgroundResync;
import io.tagmirror.operations.DeviceAccess;
import io.tagmirror.operations.MemberAvailability;
import io.tagmirror.operations.MemberOutageOperation;
import io.tagmirror.operations.MemberReplacement;
import io.tagmirror.operations.MirrorCreation;
import io.tagmirror.operations.MirrorDeletion;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.serve.ServedClient;
import io.tagmirror.workspace.Reports;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
                MirrorCommand.Offline.class, MirrorCommand.Online.class, MirrorCommand.ResyncRate.class,
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
        @Option(names = "--intent-extent", converter = SizeOptions.Bytes.class, paramLabel = "SIZE",
                description = "size of one intent extent, a power-of-two number of blocks (default: 4MiB)")
        long intentExtent = IntentExtents.DEFAULT_EXTENT_BYTES;
        @Option(names = "--intent-extents", paramLabel = "N",
                description = "intent extents each device keeps (DRBD's al-extents; default: 1237; 0: sync the"
                        + " entries of every batch instead)")
        int intentExtents = IntentExtents.DEFAULT_COUNT;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openOrCreateWorkspace()) {
                MirrorCreation.Created created = MirrorCreation.create(ws, name, bytes, dirs, DeviceAccess.exclusive(),
                        new IntentExtents(intentExtent, intentExtents));
                MirrorDefinition def = created.definition();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("mirror", name);
                out.put("uuid", def.uuid().toString());
                out.put("sizeBytes", bytes);
                out.put("blockSize", def.blockSize());
                out.put("devices", created.devices().stream().map(Path::toString).toList());
                out.put("intentExtentBytes", def.intents().extentBytes());
                out.put("intentExtents", def.intents().count());
                long free = created.smallestFreeBytes();
                String warning = free >= 0 && free < bytes
                        ? "\nnote: objects are sparse; the smallest drive has only " + ByteSize.format(free)
                        + " free for a " + ByteSize.format(bytes) + " volume" : "";
                if (created.sizeNotice().isPresent()) {
                    warning += "\nnote: " + created.sizeNotice().get();
                    out.put("sizeNotice", created.sizeNotice().get());
                }
                common.print(spec.commandLine().getOut(), out, "created mirror " + name + " of "
                        + ByteSize.format(bytes) + " on " + Plural.of(created.devices().size(), "device", "devices")
                        + ", " + intentSet(def.intents()) + warning);
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
            if (DeviceAddress.at(abs).readDescriptor().mirrors().isEmpty()) {
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
                    if (m.sizeNotice().isPresent()) {
                        row.put("sizeNotice", m.sizeNotice().get());
                        text.append("note: ").append(m.sizeNotice().get()).append('\n');
                    }
                }
                common.print(spec.commandLine().getOut(), Map.of("imported", imported), text.toString().stripTrailing());
            }
            return 0;
        }
    }

    /** Shows each device's online state and entry count, and the mirror's state. */
    @Command(name = "status", description = "Show mirror NAME: devices, online state, entry counts, state; while it is"
            + " served, the resync of a member that came back and the clients connected.")
    static final class Status implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return common.onMirror(name, spec, true, (ws, cm) -> {
                AssembledMirror on = cm.on();
                Mirror m = on.mirror();
                MirrorState state = m.state();
                List<MemberStatus> members = m.status();
                Map<UUID, String> locations = on.locationNames();
                Map<String, Object> out = Reports.status(name, state, m.sizeBytes(), m.blockSize(), members,
                        on.unavailable(), locations);
                // a served mirror's resyncs keep to the rate set in the serving process, which may have
                // changed since they started ('mirror resync-rate'); the engine was given none that binds
                long resyncLimit = common.held().filter(h -> cm.served()).map(h -> h.resyncs().bytesPerSecond()).orElse(0L);
                if (resyncLimit > 0) {
                    servedRateLimit(out, resyncLimit);
                }
                IntentExtents intents = m.definition().intents();
                out.put("intentExtentBytes", intents.extentBytes());
                out.put("intentExtents", intents.count());
                StringBuilder text = new StringBuilder();
                text.append("mirror ").append(name).append(": ").append(state.label()).append(", ")
                        .append(ByteSize.format(m.sizeBytes())).append(", block size ").append(m.blockSize())
                        .append(", ").append(intentSet(intents));
                for (MemberStatus s : members) {
                    text.append("\n  ").append(locations.get(s.device())).append("  ")
                            .append(s.online() ? "online" : "offline (" + on.unavailable().getOrDefault(s.device(), s.offlineReason()) + ")")
                            .append(s.entries() >= 0 ? ", " + Plural.of(s.entries(), "entry", "entries") : "")
                            .append(s.dataRegionBytes() > m.sizeBytes() ? ", data region "
                                    + ByteSize.format(s.dataRegionBytes()) + " (" + ByteSize.format(s.dataRegionBytes()
                                    - m.sizeBytes()) + " unused: the mirror is as large as its smallest member allows"
                                    + " or was made)" : "")
                            .append(s.needsScrub() ? "; needs a scrub (its tag table was reset, or it replaced a member):"
                                    + " tagmirror verify " + name + " --repair-from OTHER_DIR --yes"
                                    : s.resync() != null ? "; " + resyncing(s.resync(), resyncLimit > 0
                                    ? resyncLimit : s.resync().rateLimit())
                                    : s.stale() && s.online() ? "; missed writes: 'tagmirror mirror online " + name + " "
                                    + locations.get(s.device()) + "' resynchronises it (or compare and repair)"
                                    : s.stale() ? "; missed writes: compare and repair" : "");
                    if (intents.enabled() && s.lengthBlocks() >= 0) {
                        text.append("\n    intent set ").append(s.intents().extents()).append(" of ")
                                .append(intents.count()).append(String.format(Locale.ROOT, " extents, %.1f misses/s",
                                        s.intents().missesPerSecond()))
                                .append(s.intents().pinned() > 0 ? "; " + Plural.of(s.intents().pinned(), "extent",
                                        "extents") + " left by a power cut: compare and repair" : "");
                    }
                }
                List<String> away = members.stream().filter(s -> !s.online() || s.stale())
                        .map(s -> locations.get(s.device())).toList();
                for (MemberStatus s : members) {
                    if (s.tableIncomplete()) {
                        text.append("\n  the tag log of ").append(locations.get(s.device()))
                                .append(" filled up and keeps no entries for later writes")
                                .append(away.isEmpty() ? "" : " (" + String.join(", ", away) + " away)")
                                .append(": ").append(away.isEmpty() ? "the members" : String.join(", ", away))
                                .append(" will need a full compare; tagmirror compare ").append(name)
                                .append(" reads the whole volume, and a repair makes the log whole again");
                    }
                }
                if (state == MirrorState.DIVERGED && members.stream().noneMatch(MemberStatus::stale)) {
                    text.append("\n  entries of earlier writes are left (a crash, an outage): tagmirror compare ").append(name)
                            .append(" shows what differs");
                }
                Optional<HeldMirror> held = common.held();
                if (held.isPresent()) {
                    served(held.get(), out, text);
                }
                common.print(spec.commandLine().getOut(), out, text.toString());
                return 0;
            });
        }

        /** Each running resync's bound in {@code status}'s JSON is {@code rateLimit}. */
        @SuppressWarnings("unchecked")
        private static void servedRateLimit(Map<String, Object> status, long rateLimit) {
            for (Object device : (List<Object>) status.get("devices")) {
                if (((Map<String, Object>) device).get("resync") instanceof Map<?, ?> resync) {
                    ((Map<String, Object>) resync).put("rateLimit", rateLimit);
                }
            }
        }

        /** How far a member's background resync has got, in one phrase, with the rate it is held to. */
        static String resyncing(ResyncProgress p, long rateLimit) {
            String eta = p.etaSeconds() < 0 ? "" : String.format(Locale.ROOT, ", about %.0f s left", p.etaSeconds());
            return String.format(Locale.ROOT, "resynchronising: %d%% (%d of %d blocks, %s, at most %s%s)",
                    Math.round(p.fraction() * 100), p.blocksDone(), p.blocksTotal(),
                    ResyncOperation.rate(Math.round(p.bytesPerSecond())), ResyncOperation.rate(rateLimit), eta);
        }

        /** What only a serving process knows: where it serves, its clients, its resync rate. */
        private static void served(HeldMirror held, Map<String, Object> out, StringBuilder text) {
            List<ServedClient> clients = held.clients();
            Map<String, Object> served = new LinkedHashMap<>();
            long process = ProcessHandle.current().pid();
            served.put("pid", process);
            served.put("uris", held.serving().served().uris());
            served.put("resyncRate", held.resyncs().bytesPerSecond());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ServedClient c : clients) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", c.id());
                row.put("remote", c.remote());
                row.put("connected", c.connected().toString());
                row.put("tls", c.tls());
                row.put("reads", c.reads());
                row.put("bytesRead", c.bytesRead());
                row.put("writes", c.writes());
                row.put("bytesWritten", c.bytesWritten());
                row.put("flushes", c.flushes());
                row.put("errors", c.errors());
                rows.add(row);
            }
            served.put("clients", rows);
            out.put("served", served);
            text.append("\n  served by process ").append(process).append(" at ").append(held.serving().served().uris().get(0))
                    .append("; ")
                    .append(Plural.of(clients.size(), "client", "clients")).append(" connected");
            for (ServedClient c : clients) {
                text.append("\n    client ").append(c.id()).append(" (").append(c.remote()).append(c.tls() ? ", TLS" : "")
                        .append("): ").append(Plural.of(c.writes(), "write", "writes")).append(" (")
                        .append(ByteSize.format(c.bytesWritten())).append("), ").append(Plural.of(c.reads(), "read", "reads"))
                        .append(" (").append(ByteSize.format(c.bytesRead())).append(")");
            }
        }
    }

    /** Takes a member offline until it is brought back, whether the mirror is served or not. */
    @Command(name = "offline", description = {"Take member DEVICE (its path or uuid) of mirror NAME offline: writes stop"
            + " reaching it, and the other members keep the entries of what it misses.",
            "It stays offline, also for the commands that open the mirror later, until 'mirror online' brings it back."})
    static final class Offline implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "DEVICE")
        String device;

        @Override
        public Integer call() throws Exception {
            return common.onMirror(name, spec, false, (ws, cm) -> {
                AssembledMirror on = cm.on();
                UUID member = MemberAvailability.member(on, device);
                MemberAvailability.Result r = MemberOutageOperation.takeOffline(on, member);
                common.print(spec.commandLine().getOut(), r.figures(), r.changed()
                        ? "took " + r.location() + " offline in mirror " + name + ": the other devices keep the entries"
                        + " of the writes it misses; 'tagmirror mirror online " + name + " " + r.location()
                        + "' brings it back and resynchronises it"
                        : r.location() + " of mirror " + name + " is offline already");
                return ExitCode.OK.code();
            });
        }
    }

    /**
     * Brings a member back online and resynchronises it: in the background when the mirror is served,
     * here (with progress; Ctrl-C stops it) when it is not.
     */
    @Command(name = "online", description = {"Bring member DEVICE (its path or uuid) of mirror NAME back online and"
            + " resynchronise it: copy onto it the blocks the other members' entries name that differ.",
            "While the mirror is served the resync runs in the background as clients write ('mirror status' shows"
                    + " how far); otherwise it runs here, and Ctrl-C stops it (run it again to finish)."})
    static final class Online implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "DEVICE")
        String device;
        @Option(names = "--resync-rate", paramLabel = "BYTES/s", converter = SizeOptions.Rate.class,
                description = "the most the resync copies at when the mirror is not served (default 100MiB/s);"
                        + " a served mirror keeps to the rate 'serve --resync-rate' gave it or 'mirror resync-rate' set since")
        Long resyncRate;

        @Override
        public Integer call() throws Exception {
            return common.onMirror(name, spec, false, (ws, cm) -> {
                AssembledMirror on = cm.on();
                UUID member = MemberAvailability.member(on, device);
                Optional<HeldMirror> held = common.held();
                if (held.isPresent() && cm.served() && held.get().serving().served().settings().readOnly()) {
                    throw new TagMirrorException("mirror " + name + " is served read-only, so nothing can be copied"
                            + " onto " + device + ": stop serving it and run 'tagmirror mirror online " + name + " "
                            + device + "', or serve it writable");
                }
                MemberAvailability.Result r = MemberOutageOperation.bringOnline(on, member);
                if (held.isPresent() && cm.served()) {
                    held.get().resyncs().start(member);
                    common.print(spec.commandLine().getOut(), r.figures(), (r.changed() ? "" : "(it was online already) ")
                            + r.location() + " of mirror " + name + " is back online; it is resynchronised in the"
                            + " background at most " + ResyncOperation.rate(held.get().resyncs().bytesPerSecond())
                            + " while clients write: 'tagmirror mirror status " + name + "' shows how far");
                    return ExitCode.OK.code();
                }
                return resyncHere(on, member, r);
            });
        }

        private int resyncHere(AssembledMirror on, UUID member, MemberAvailability.Result r) throws IOException {
            long rate = resyncRate == null ? ResyncOperation.DEFAULT_RATE : resyncRate;
            TerminalProgress progress = common.progress();
            ResyncOperation.Resynced resynced;
            try {
                resynced = ResyncOperation.run(on, member, rate, progress);
            } finally {
                progress.finish();
            }
            ResyncReport report = resynced.report();
            Map<String, Object> figures = new LinkedHashMap<>(r.figures());
            figures.put("resync", resynced.figures());
            String copied = ByteSize.format(report.bytesCopied()) + " copied onto it (" + report.blocksCopied() + " of "
                    + Plural.of(report.blocksExamined(), "block", "blocks") + " the entries name)";
            if (report.completed()) {
                common.print(spec.commandLine().getOut(), figures, r.location() + " of mirror " + name
                        + " is back online and in sync: " + copied);
                return ExitCode.OK.code();
            }
            common.print(spec.commandLine().getOut(), figures, r.location() + " of mirror " + name + " is back online but"
                    + " not in sync: its resync stopped (" + report.why() + ") after " + copied + "; run 'tagmirror mirror"
                    + " online " + name + " " + r.location() + "' again to finish it; until then no read comes from it");
            return (report.cancelled() ? ExitCode.CANCELLED : ExitCode.FAILED).code();
        }
    }

    /**
     * Changes the rate of a served mirror's background resyncs in the process that serves it, also of a
     * resync running now, as {@code drbdadm adjust} and md's {@code sync_speed_max} change theirs.
     */
    @Command(name = "resync-rate", description = {"Set the most the background resyncs of served mirror NAME copy at,"
            + " in bytes per second (e.g. 50MiB/s), from now on: a resync running now keeps to it too.",
            "It lasts while the mirror is served; 'serve --resync-rate' gives the rate serving starts with."})
    static final class ResyncRate implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "BYTES/s", converter = SizeOptions.Rate.class)
        long rate;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace()) {
                ws.requireMirror(name);
                Integer served = common.runWhereServed(ws, name, spec);
                if (served != null) {
                    return served;
                }
                Optional<HeldMirror> held = common.held().filter(h -> h.name().equals(name));
                if (held.isEmpty()) {
                    throw new TagMirrorException("mirror " + name + " is not served, and a resync rate lasts only while it"
                            + " is: 'tagmirror serve " + name + " --resync-rate RATE' serves it at RATE; a member brought back"
                            + " meanwhile is resynchronised by 'tagmirror mirror online " + name + " DEVICE --resync-rate RATE'");
                }
                // the resyncs running as the rate changes: one may finish at once at a higher rate
                AssembledMirror on = held.get().on(ws);
                List<String> running = new ArrayList<>();
                for (MemberStatus s : on.mirror().status()) {
                    if (s.resync() != null) {
                        running.add(on.locationNames().getOrDefault(s.device(), s.device().toString()));
                    }
                }
                BackgroundResync resyncs = held.get().resyncs();
                long before = resyncs.bytesPerSecond();
                resyncs.setBytesPerSecond(rate);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("mirror", name);
                figures.put("resyncRate", rate);
                figures.put("previousResyncRate", before);
                figures.put("resyncing", running);
                common.print(spec.commandLine().getOut(), figures, "mirror " + name + " is resynchronised at most "
                        + ResyncOperation.rate(rate) + " from now on (it was " + ResyncOperation.rate(before) + ")"
                        + (running.isEmpty() ? "; no resync runs now" : "; the resync of " + String.join(", ", running)
                        + " keeps to it as it goes on"));
            }
            return ExitCode.OK.code();
        }
    }

    /** "intent set of 1237 extents of 4 MiB", or what writes do without one. */
    static String intentSet(IntentExtents intents) {
        return intents.enabled() ? "intent set of " + Plural.of(intents.count(), "extent", "extents") + " of "
                + ByteSize.format(intents.extentBytes()) : "no intent set (power-safe writes sync their entries)";
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
