package io.tagmirror.operations.disks;

import io.tagmirror.engine.DeviceKind;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.block.DriveExamination;
import io.tagmirror.workspace.Workspace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The machine's disks and their partitions as an administrator knows them, read as {@code lsblk}
 * reads them: sysfs for what each disk is, its size, partitions and holders, {@code mountinfo} and
 * {@code swaps} for what is mounted and swapped on, the first bytes of each node for what it carries,
 * and a workspace's catalog for which are TagMirror members. Reads only; may block on a slow drive, so
 * callers keep it off any UI thread.
 */
public final class DiskSurvey {

    private static final long SECTOR = 512;
    private static final String TAGMIRROR_SIGNATURE = "tagmirror";

    private final SystemTree tree;

    public DiskSurvey(SystemTree tree) {
        this.tree = Objects.requireNonNull(tree, "tree");
    }

    /** This machine's survey. */
    public static DiskSurvey ofMachine() {
        return new DiskSurvey(SystemTree.machine());
    }

    public SystemTree tree() {
        return tree;
    }

    /**
     * Every disk with a size (unattached loop devices and empty card readers have none), with its
     * partitions; {@code members} names the catalog's block devices by their path.
     */
    public List<SurveyedDrive> read(Map<Path, CatalogMember> members) throws IOException {
        MountTable mounts = MountTable.read(tree.proc());
        Map<Path, CatalogMember> byRealPath = byRealPath(members);
        List<SurveyedDrive> disks = new ArrayList<>();
        for (String name : names(tree.sys().resolve("block"))) {
            Path dir = tree.sys().resolve("block").resolve(name);
            long size = sectors(dir) * SECTOR;
            if (size <= 0) {
                continue;
            }
            List<SurveyedDrive> partitions = new ArrayList<>();
            for (String child : partitionNames(dir)) {
                Path partDir = dir.resolve(child);
                partitions.add(drive(child, partDir, SurveyedDrive.Kind.PARTITION, sectors(partDir) * SECTOR,
                        "", "", SurveyedDrive.Media.UNKNOWN, false, flag(partDir, "ro"), mounts, byRealPath, List.of()));
            }
            SurveyedDrive.Kind kind = kindOf(name, dir);
            disks.add(drive(name, dir, kind, size, modelOf(kind, dir), serialOf(dir), mediaOf(kind, dir),
                    flag(dir, "removable"), flag(dir, "ro"), mounts, byRealPath, partitions));
        }
        disks.sort(Comparator.comparing((SurveyedDrive d) -> d.kind().ordinal()).thenComparing(SurveyedDrive::name,
                DiskSurvey::naturalOrder));
        return disks;
    }

    /**
     * A short text that changes when a disk or partition comes or goes, is resized, or is mounted,
     * unmounted or swapped on: cheap enough to read every few seconds, to know when to survey again.
     */
    public String fingerprint() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : names(tree.sys().resolve("block"))) {
            Path dir = tree.sys().resolve("block").resolve(name);
            out.append(name).append('=').append(read(dir.resolve("size"))).append(';');
            for (String child : partitionNames(dir)) {
                out.append(child).append('=').append(read(dir.resolve(child).resolve("size"))).append(';');
            }
            out.append(names(dir.resolve("holders"))).append(';');
        }
        for (Path p : List.of(tree.proc().resolve("self").resolve("mountinfo"), tree.proc().resolve("swaps"))) {
            out.append(Files.isReadable(p) ? Integer.toHexString(Files.readString(p).hashCode()) : "-").append(';');
        }
        return out.toString();
    }

    /** The workspace's block devices by their path, with the mirrors of its catalog that list each. */
    public static Map<Path, CatalogMember> members(Workspace workspace) throws IOException {
        List<MirrorDefinition> mirrors = workspace.mirrors();
        Map<Path, CatalogMember> out = new HashMap<>();
        for (Workspace.KnownDevice known : workspace.devices()) {
            if (known.address().kind() != DeviceKind.BLOCK) {
                continue;
            }
            List<String> names = mirrors.stream().filter(m -> m.devices().contains(known.uuid()))
                    .map(MirrorDefinition::name).toList();
            out.put(Path.of(known.address().locator()), new CatalogMember(known.uuid(), names));
        }
        return out;
    }

    private SurveyedDrive drive(String name, Path dir, SurveyedDrive.Kind kind, long size, String model,
                                String serial, SurveyedDrive.Media media, boolean removable, boolean readOnly,
                                MountTable mounts, Map<Path, CatalogMember> members, List<SurveyedDrive> partitions)
            throws IOException {
        Path node = tree.node(name);
        List<String> signatures = List.of();
        boolean readable = false;
        if (Files.exists(node)) {
            try {
                signatures = DriveExamination.signatures(node, size);
                readable = true;
            } catch (IOException | SecurityException e) {
                // an empty card reader, a drive that does not answer, no permission: said as "unknown"
            }
        }
        String mapperName = read(dir.resolve("dm").resolve("name"));
        List<DriveUse> uses = new ArrayList<>();
        for (String mountPoint : mounts.mountPoints(read(dir.resolve("dev")), "/dev/" + name)) {
            uses.add(new DriveUse(DriveUse.Kind.MOUNTED, mountPoint));
        }
        if (mounts.isSwap(name, mapperName)) {
            uses.add(new DriveUse(DriveUse.Kind.SWAP, ""));
        }
        for (String holder : names(dir.resolve("holders"))) {
            uses.add(new DriveUse(DriveUse.Kind.HELD, describeHolder(holder)));
        }
        CatalogMember member = members.get(realPath(node));
        if (member != null) {
            uses.add(new DriveUse(DriveUse.Kind.TAGMIRROR, member.describe()));
        } else if (signatures.stream().anyMatch(s -> s.startsWith(TAGMIRROR_SIGNATURE))) {
            uses.add(new DriveUse(DriveUse.Kind.FOREIGN_TAGMIRROR, "not in this workspace"));
        }
        String table = kind == SurveyedDrive.Kind.PARTITION ? "" : partitionTable(readable, signatures);
        return new SurveyedDrive(name, node, kind, size, model, serial, media, removable, readOnly, table,
                signatures, readable, uses, partitions);
    }

    private static String partitionTable(boolean readable, List<String> signatures) {
        if (!readable) {
            return "unknown";
        }
        if (signatures.contains("gpt")) {
            return "GPT";
        }
        return signatures.stream().anyMatch(s -> s.startsWith("dos")) ? "MBR" : "none";
    }

    /** "dm-0 (vg-data)", "md0": a holder as lsblk names it. */
    private String describeHolder(String holder) {
        String mapper = read(tree.sys().resolve("block").resolve(holder).resolve("dm").resolve("name"));
        return mapper.isEmpty() ? holder : holder + " (" + mapper + ")";
    }

    private static SurveyedDrive.Kind kindOf(String name, Path dir) {
        if (name.startsWith("loop")) {
            return SurveyedDrive.Kind.LOOP;
        }
        if (name.startsWith("dm-")) {
            return SurveyedDrive.Kind.MAPPER;
        }
        if (name.startsWith("md")) {
            return SurveyedDrive.Kind.RAID;
        }
        // a disk the kernel found on a bus has a device link; zram, nbd and the like do not
        return Files.exists(dir.resolve("device")) ? SurveyedDrive.Kind.DISK : SurveyedDrive.Kind.VIRTUAL;
    }

    private static String modelOf(SurveyedDrive.Kind kind, Path dir) {
        return switch (kind) {
            case LOOP -> read(dir.resolve("loop").resolve("backing_file"));
            case MAPPER -> read(dir.resolve("dm").resolve("name"));
            default -> read(dir.resolve("device").resolve("model"));
        };
    }

    private static String serialOf(Path dir) {
        String serial = read(dir.resolve("device").resolve("serial"));
        return serial.isEmpty() ? read(dir.resolve("serial")) : serial; // virtio keeps it beside the disk
    }

    private static SurveyedDrive.Media mediaOf(SurveyedDrive.Kind kind, Path dir) {
        if (kind != SurveyedDrive.Kind.DISK) {
            return SurveyedDrive.Media.VIRTUAL;
        }
        return switch (read(dir.resolve("queue").resolve("rotational"))) {
            case "1" -> SurveyedDrive.Media.ROTATIONAL;
            case "0" -> SurveyedDrive.Media.SSD;
            default -> SurveyedDrive.Media.UNKNOWN;
        };
    }

    /** A disk's partitions: its subdirectories with a {@code partition} file, by partition number. */
    private static List<String> partitionNames(Path disk) throws IOException {
        List<String> out = new ArrayList<>();
        for (String child : names(disk)) {
            if (Files.isRegularFile(disk.resolve(child).resolve("partition"))) {
                out.add(child);
            }
        }
        out.sort(Comparator.comparingLong((String c) -> number(read(disk.resolve(c).resolve("partition"))))
                .thenComparing(DiskSurvey::naturalOrder));
        return out;
    }

    private static Map<Path, CatalogMember> byRealPath(Map<Path, CatalogMember> members) {
        Map<Path, CatalogMember> out = new HashMap<>();
        members.forEach((path, member) -> {
            out.put(path.toAbsolutePath().normalize(), member);
            out.put(realPath(path), member);
        });
        return out;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException | SecurityException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static long sectors(Path dir) {
        return number(read(dir.resolve("size")));
    }

    private static boolean flag(Path dir, String file) {
        return read(dir.resolve(file)).equals("1");
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A sysfs attribute, trimmed; empty when missing or unreadable (many are optional). */
    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).trim() : "";
        } catch (IOException | SecurityException e) {
            return "";
        }
    }

    private static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        out.sort(DiskSurvey::naturalOrder);
        return out;
    }

    /** "sda2" before "sda10", as an administrator counts. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
