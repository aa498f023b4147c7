package io.tagmirror.operations.disks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /proc/self/mountinfo} and {@code /proc/swaps} say about block devices: the mount points
 * of each device number and source, and the devices in use as swap.
 */
final class MountTable {

    private final Map<String, List<String>> byNumber = new LinkedHashMap<>();
    private final Map<String, List<String>> bySource = new LinkedHashMap<>();
    private final List<String> swaps = new ArrayList<>();

    private MountTable() {
    }

    /** Reads both files under {@code proc}; a missing one reads as empty (not every system has swaps). */
    static MountTable read(Path proc) throws IOException {
        MountTable table = new MountTable();
        Path mountinfo = proc.resolve("self").resolve("mountinfo");
        if (Files.isReadable(mountinfo)) {
            for (String line : Files.readAllLines(mountinfo)) {
                table.addMount(line);
            }
        }
        Path swaps = proc.resolve("swaps");
        if (Files.isReadable(swaps)) {
            List<String> lines = Files.readAllLines(swaps);
            for (int i = 1; i < lines.size(); i++) { // the first line is the header
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length >= 2 && f[1].equals("partition")) { // a swap file lives on a file system
                    table.swaps.add(unescape(f[0]));
                }
            }
        }
        return table;
    }

    /** mountinfo: "ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTIONS". */
    private void addMount(String line) {
        String[] f = line.split(" ");
        int dash = List.of(f).indexOf("-");
        if (f.length < 5 || dash < 5 || dash + 2 >= f.length) {
            return;
        }
        String mountPoint = unescape(f[4]);
        byNumber.computeIfAbsent(f[2], k -> new ArrayList<>()).add(mountPoint);
        bySource.computeIfAbsent(unescape(f[dash + 2]), k -> new ArrayList<>()).add(mountPoint);
    }

    /**
     * Where the device numbered {@code number} ("8:1") or named by {@code devicePath} ("/dev/sda1") is
     * mounted: by number first, by source too (btrfs reports an anonymous number of its own).
     */
    List<String> mountPoints(String number, String devicePath) {
        List<String> out = new ArrayList<>(byNumber.getOrDefault(number, List.of()));
        for (String m : bySource.getOrDefault(devicePath, List.of())) {
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Whether {@code name} (or its device-mapper name {@code mapperName}) is active swap. */
    boolean isSwap(String name, String mapperName) {
        for (String s : swaps) {
            Path p = Path.of(s);
            String file = p.getFileName() == null ? "" : p.getFileName().toString();
            if (file.equals(name) || (!mapperName.isEmpty() && s.equals("/dev/mapper/" + mapperName))) {
                return true;
            }
        }
        return false;
    }

    /** mountinfo and swaps write a space, a tab, a newline and a backslash as octal escapes. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && isOctal(s, i + 1)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int at) {
        if (at + 3 > s.length()) {
            return false;
        }
        for (int i = at; i < at + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
