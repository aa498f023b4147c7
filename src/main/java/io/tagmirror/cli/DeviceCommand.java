package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import io.tagmirror.engine.DeviceDescriptor;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.DeviceCreation;
import io.tagmirror.operations.DeviceForgetting;
import io.tagmirror.operations.TagTableReset;
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

/** {@code tagmirror device ...}: create, inspect, list and forget devices. */
@Command(name = "device", description = "Create and inspect devices.", mixinStandardHelpOptions = true,
        subcommands = {DeviceCommand.Create.class, DeviceCommand.Info.class, DeviceCommand.ListDevices.class,
                DeviceCommand.Forget.class, DeviceCommand.ResetTags.class, DeviceCommand.Scan.class})
final class DeviceCommand {

    /** Formats a directory, a disk, a partition or an image file as a new device and adds it to the workspace. */
    @Command(name = "create", description = "Format PATH as a device: a directory (made when missing, its parent must"
            + " exist, refused when not empty), or a disk, partition or loop device (refused when in use, or when it"
            + " carries a file system or partition table unless --force); --image FILE --size SIZE makes a sparse image"
            + " file as a disk.")
    static final class Create implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH", arity = "0..1")
        Path dir;
        @Option(names = "--image", paramLabel = "FILE", description = "make a new sparse image file FILE as a block device")
        Path image;
        @Option(names = "--size", paramLabel = "SIZE", converter = SizeOptions.Bytes.class,
                description = "the image's size, e.g. 8GiB (with --image)")
        Long imageBytes;
        @Option(names = "--force", description = "format a disk that carries a file system, partition table or other"
                + " signature (named when refused); a disk in use is refused all the same")
        boolean force;
        @Option(names = "--log-size", paramLabel = "SIZE", converter = SizeOptions.Bytes.class,
                description = "room for a disk's or image's tag log, both halves (default 16MiB: about 150,000 entries"
                        + " kept while a member is away; past that the log stops keeping entries and the next"
                        + " compare reads the whole volume)")
        Long logBytes;
        @Option(names = "--block-size", defaultValue = "4096", converter = SizeOptions.Bytes.class,
                description = "block size, a power of two from 512 to 1MiB (default ${DEFAULT-VALUE})")
        long blockSize;

        @Override
        public Integer call() throws Exception {
            if (blockSize > Integer.MAX_VALUE) {
                throw new TagMirrorException("block size " + blockSize + " is not allowed: use a power of two from 512 to 1048576");
            }
            int bs = (int) blockSize;
            if ((image == null) == (dir == null)) {
                throw new TagMirrorException("give either PATH or --image FILE --size SIZE");
            }
            if (image != null && imageBytes == null) {
                throw new TagMirrorException("--image needs --size (e.g. --size 8GiB)");
            }
            try (Workspace ws = common.openOrCreateWorkspace()) {
                DeviceCreation.Created d = image != null ? DeviceCreation.createImage(ws, image, imageBytes, bs, logBytes)
                        : DeviceCreation.create(ws, dir, bs, force, logBytes);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("uuid", d.uuid().toString());
                out.put("path", d.path().toString());
                out.put("blockSize", d.blockSize());
                common.print(spec.commandLine().getOut(), out,
                        "created device " + d.uuid() + " at " + d.path() + " (block size " + d.blockSize() + ")");
            }
            return 0;
        }
    }

    /** Shows a device's identity, mirrors, objects and entry count, without taking its lock. */
    @Command(name = "info", description = "Show a device: identity, mirrors, objects, tag table size.")
    static final class Info implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (Device d = DeviceAddress.at(dir).inspect()) {
                DeviceDescriptor desc = d.descriptor();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("uuid", desc.uuid().toString());
                out.put("path", d.location());
                out.put("formatVersion", desc.formatVersion());
                out.put("blockSize", desc.blockSize());
                out.put("created", desc.created());
                out.put("entries", d.tagTable().count());
                out.put("freeBytes", d.freeBytes());
                out.put("objects", d.objectIds());
                out.put("notices", d.notices());
                List<Map<String, Object>> mirrors = new ArrayList<>();
                for (MirrorDefinition m : desc.mirrors()) {
                    Map<String, Object> mm = new LinkedHashMap<>();
                    mm.put("name", m.name());
                    mm.put("uuid", m.uuid().toString());
                    mm.put("sizeBytes", m.sizeBytes());
                    mm.put("devices", m.devices().stream().map(UUID::toString).toList());
                    mm.put("generation", m.generation());
                    mirrors.add(mm);
                }
                out.put("mirrors", mirrors);
                StringBuilder text = new StringBuilder();
                text.append("device ").append(desc.uuid()).append(" at ").append(d.location()).append('\n');
                text.append("  format ").append(desc.formatVersion()).append(", block size ").append(desc.blockSize())
                        .append(", created ").append(desc.created()).append('\n');
                text.append("  tag table: ").append(Plural.of(d.tagTable().count(), "entry", "entries")).append("; free space ")
                        .append(d.freeBytes() < 0 ? "unknown" : ByteSize.format(d.freeBytes()));
                for (MirrorDefinition m : desc.mirrors()) {
                    text.append("\n  mirror ").append(m.name()).append(" (").append(ByteSize.format(m.sizeBytes()))
                            .append(", ").append(Plural.of(m.devices().size(), "device", "devices"))
                            .append(", membership generation ").append(m.generation()).append(")");
                }
                for (String n : d.notices()) {
                    text.append("\n  note: ").append(n);
                }
                common.print(spec.commandLine().getOut(), out, text.toString());
            }
            return 0;
        }
    }

    /** Finds TagMirror block devices on the paths given, or on every block device of this machine. */
    @Command(name = "scan", description = "Find TagMirror block devices on each PATH (disks, partitions, image files),"
            + " or on every block device of this machine when none is given, and show what each records.")
    static final class Scan implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH", arity = "0..*")
        List<Path> paths = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            List<Map<String, Object>> rows = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (io.tagmirror.operations.DeviceScan.Found f : io.tagmirror.operations.DeviceScan.scan(paths)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", f.path().toString());
                text.append(f.path());
                if (f.descriptor() != null) {
                    row.put("uuid", f.descriptor().uuid().toString());
                    row.put("mirrors", f.descriptor().mirrors().stream().map(MirrorDefinition::name).toList());
                    text.append("  device ").append(f.descriptor().uuid()).append(f.descriptor().mirrors().isEmpty()
                            ? "  (no mirror)" : "  mirror " + String.join(", ", f.descriptor().mirrors().stream()
                            .map(MirrorDefinition::name).toList()));
                }
                row.put("notices", f.notices());
                for (String n : f.notices()) {
                    text.append("\n  ").append(n);
                }
                text.append('\n');
                rows.add(row);
            }
            common.print(spec.commandLine().getOut(), Map.of("devices", rows),
                    rows.isEmpty() ? "no TagMirror block devices found" : text.toString().stripTrailing());
            return 0;
        }
    }

    /** Lists the workspace's devices and whether each is reachable. */
    @Command(name = "list", description = "List the devices the workspace knows.")
    static final class ListDevices implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (Workspace.KnownDevice d : ws.devices()) {
                    boolean reachable = d.address().isDevice();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("uuid", d.uuid().toString());
                    row.put("path", d.path().toString());
                    row.put("reachable", reachable);
                    rows.add(row);
                    text.append(d.uuid()).append("  ").append(d.path()).append(reachable ? "" : "  (not reachable)").append('\n');
                }
                common.print(spec.commandLine().getOut(), Map.of("devices", rows),
                        rows.isEmpty() ? "no devices in workspace " + ws.directory() : text.toString().stripTrailing());
            }
            return 0;
        }
    }

    /** Removes a device from the workspace; nothing on the device is touched. */
    @Command(name = "forget", description = "Remove DIR from the workspace (the device itself is not touched).")
    static final class Forget implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (Workspace ws = common.openWorkspace()) {
                Workspace.KnownDevice known = DeviceForgetting.forget(ws, dir);
                Path abs = known.path();
                common.print(spec.commandLine().getOut(), Map.of("forgotten", known.uuid().toString()),
                        "forgot device " + known.uuid() + " at " + abs + " (its files are untouched)");
            }
            return 0;
        }
    }

    /** Replaces a lost or corrupt tag table with an empty one; the device then needs a scrub. */
    @Command(name = "reset-tags", description = "Replace DIR's lost or corrupt tag table with an empty one (the old"
            + " files are kept beside it); its mirrors then need 'verify NAME --repair-from OTHER_DIR --yes'.")
    static final class ResetTags implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR")
        Path dir;
        @Option(names = "--yes", description = "really replace it; without it, say what would happen")
        boolean yes;
        @Option(names = "--force", description = "replace it even though it is readable (not lost)")
        boolean force;

        @Override
        public Integer call() throws Exception {
            TagTableReset.Plan plan = TagTableReset.plan(dir, force);
            Path abs = plan.device();
            String mirrors = plan.mirrors().isEmpty() ? "none" : String.join(", ", plan.mirrors());
            String healthy = plan.warning();
            // Opened first: the history must be able to keep the reset before anything is reset.
            try (Workspace ws = common.openWorkspace()) {
                if (!yes) {
                    Map<String, Object> dryRun = new LinkedHashMap<>();
                    dryRun.put("dryRun", true);
                    dryRun.put("mirrors", mirrors);
                    dryRun.put("readable", plan.readableEntries().isPresent());
                    dryRun.put("warning", healthy);
                    common.print(spec.commandLine().getOut(), dryRun, (healthy == null ? "" : "warning: " + healthy + "\n")
                            + "would replace the tag table of " + abs + " with an empty one (keeping the old files as"
                            + " tags.log.lost-*); mirrors needing a scrub afterwards: " + mirrors
                            + "\nnothing was changed: run again with --yes" + (healthy == null ? "" : " --force"));
                    return 0;
                }
                TagTableReset.Result reset = TagTableReset.reset(ws, plan);
                Path kept = reset.keptAs();
                common.print(spec.commandLine().getOut(), reset.figures(), "new empty tag table on " + abs
                        + (kept == null ? "" : " (old one kept as " + kept.getFileName() + ")")
                        + "; now scrub its mirrors: tagmirror verify NAME --repair-from OTHER_DIR --yes");
                return 0;
            }
        }
    }
}
