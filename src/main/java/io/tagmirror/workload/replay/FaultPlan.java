package io.tagmirror.workload.replay;

import io.tagmirror.engine.MemberStatus;
import io.tagmirror.engine.Mirror;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The faults one replay injects: at most one host crash, any number of offline windows and torn
 * writes. Built from the command line's {@code --crash-after N}, {@code --offline DIR:FROM:TO} and
 * {@code --tear N:DIR}, then {@linkplain #resolve resolved} against the mirror before the replay starts.
 *
 * @param crash the crash, or null for none
 * @param offline the offline windows
 * @param tears the torn writes
 */
public record FaultPlan(Fault.CrashAfter crash, List<Fault.Offline> offline, List<Fault.Tear> tears) {

    /** A plan with no fault. */
    public static final FaultPlan NONE = new FaultPlan(null, List.of(), List.of());

    public FaultPlan {
        offline = List.copyOf(offline == null ? List.of() : offline);
        tears = List.copyOf(tears == null ? List.of() : tears);
    }

    /**
     * A checked plan from the command line's values; {@code crashAfter} null means no crash.
     *
     * @throws TagMirrorException naming the option and value that is wrong
     */
    public static FaultPlan parse(String crashAfter, List<String> offline, List<String> tears) throws TagMirrorException {
        List<Fault.Offline> windows = new ArrayList<>();
        for (String text : offline == null ? List.<String>of() : offline) {
            windows.add(parseOffline(text));
        }
        List<Fault.Tear> torn = new ArrayList<>();
        for (String text : tears == null ? List.<String>of() : tears) {
            torn.add(parseTear(text));
        }
        FaultPlan plan = new FaultPlan(crashAfter == null ? null : parseCrashAfter(crashAfter), windows, torn);
        plan.validate();
        return plan;
    }

    /** Reads {@code --crash-after N}. */
    public static Fault.CrashAfter parseCrashAfter(String text) throws TagMirrorException {
        return new Fault.CrashAfter(writeNumber(text, "--crash-after '" + text + "'", "N, the number of the write"
                + " the host dies in (0 is the first write)"));
    }

    /** Reads {@code --offline DIR:FROM:TO}; the directory may itself hold colons, so the numbers are taken from the right. */
    public static Fault.Offline parseOffline(String text) throws TagMirrorException {
        String what = "--offline '" + text + "'";
        String usage = "DIR:FROM:TO, e.g. /mnt/disk2/dev:100:200 (the device misses writes 100 to 199)";
        String t = text == null ? "" : text.strip();
        int last = t.lastIndexOf(':');
        int middle = last <= 0 ? -1 : t.lastIndexOf(':', last - 1);
        if (middle <= 0) {
            throw invalid(what, "it is not DIR:FROM:TO", usage);
        }
        Path dir = path(t.substring(0, middle), what, usage);
        long from = writeNumber(t.substring(middle + 1, last), what, usage);
        long to = writeNumber(t.substring(last + 1), what, usage);
        if (to <= from) {
            throw invalid(what, "the window ends (" + to + ") before it starts (" + from + "); TO must be larger than FROM",
                    usage);
        }
        return new Fault.Offline(dir, null, from, to);
    }

    /** Reads {@code --tear N:DIR}. */
    public static Fault.Tear parseTear(String text) throws TagMirrorException {
        String what = "--tear '" + text + "'";
        String usage = "N:DIR, e.g. 42:/mnt/disk2/dev (write 42 lands only half on that device)";
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw invalid(what, "it is not N:DIR", usage);
        }
        long write = writeNumber(t.substring(0, colon), what, usage);
        return new Fault.Tear(write, path(t.substring(colon + 1), what, usage), null);
    }

    private static long writeNumber(String text, String what, String usage) throws TagMirrorException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(what, "'" + t + "' is not a write number (0 or more)", usage);
        }
        return Long.parseLong(t);
    }

    private static Path path(String text, String what, String usage) throws TagMirrorException {
        if (text.isBlank()) {
            throw invalid(what, "the device directory is missing", usage);
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(what, "'" + text + "' is not a directory path", usage);
        }
    }

    private static TagMirrorException invalid(String what, String why, String usage) {
        return new TagMirrorException(what + " is not valid: " + why + "; write " + usage);
    }

    /** Whether the plan injects nothing. */
    public boolean isEmpty() {
        return crash == null && offline.isEmpty() && tears.isEmpty();
    }

    /** Every fault, crash last. */
    public List<Fault> all() {
        List<Fault> all = new ArrayList<>(offline);
        all.addAll(tears);
        if (crash != null) {
            all.add(crash);
        }
        return all;
    }

    /**
     * Refuses plans that contradict themselves: overlapping windows of one device, a tear on a device
     * that is offline at that write, the same tear twice, and faults planned at or after the crash
     * (they would never happen). Devices are compared by uuid once resolved, by path before.
     */
    public void validate() throws TagMirrorException {
        List<Fault.Offline> windows = new ArrayList<>(offline);
        windows.sort((a, b) -> Long.compare(a.from(), b.from()));
        for (int i = 0; i < windows.size(); i++) {
            for (int j = i + 1; j < windows.size(); j++) {
                Fault.Offline a = windows.get(i);
                Fault.Offline b = windows.get(j);
                if (sameDevice(a.device(), a.uuid(), b.device(), b.uuid()) && b.from() < a.to()) {
                    throw new TagMirrorException("--offline " + text(a) + " and --offline " + text(b)
                            + " overlap on the same device; give one window that covers both");
                }
            }
        }
        Set<String> seenTears = new HashSet<>();
        for (Fault.Tear t : tears) {
            String key = t.write() + "@" + (t.uuid() != null ? t.uuid() : t.device());
            if (!seenTears.add(key)) {
                throw new TagMirrorException("--tear " + text(t) + " is given twice");
            }
            for (Fault.Offline w : offline) {
                if (sameDevice(t.device(), t.uuid(), w.device(), w.uuid()) && w.covers(t.write())) {
                    throw new TagMirrorException("--tear " + text(t) + " falls in --offline " + text(w)
                            + ": the device receives nothing then, so nothing can tear on it");
                }
            }
        }
        if (crash != null) {
            for (Fault.Tear t : tears) {
                if (t.write() >= crash.write()) {
                    throw new TagMirrorException("--tear " + text(t) + " comes at or after --crash-after " + crash.write()
                            + ": the host is down by then, so it would never happen");
                }
            }
            for (Fault.Offline w : offline) {
                if (w.from() >= crash.write()) {
                    throw new TagMirrorException("--offline " + text(w) + " starts at or after --crash-after "
                            + crash.write() + ": the host is down by then, so it would never happen");
                }
            }
        }
    }

    private static boolean sameDevice(Path a, UUID ua, Path b, UUID ub) {
        return ua != null && ub != null ? ua.equals(ub) : a.equals(b);
    }

    /**
     * This plan with every device looked up and checked against {@code mirror}: each must be a member
     * that is online now, and no write may find every device offline.
     */
    public FaultPlan resolve(Mirror mirror, DeviceResolver resolver) throws IOException {
        Map<UUID, MemberStatus> members = new HashMap<>();
        for (MemberStatus s : mirror.status()) {
            members.put(s.device(), s);
        }
        Map<Path, UUID> known = new HashMap<>();
        List<Fault.Offline> windows = new ArrayList<>();
        for (Fault.Offline w : offline) {
            windows.add(w.withUuid(lookup(w.device(), "--offline " + text(w), mirror, members, resolver, known)));
        }
        List<Fault.Tear> torn = new ArrayList<>();
        for (Fault.Tear t : tears) {
            torn.add(t.withUuid(lookup(t.device(), "--tear " + text(t), mirror, members, resolver, known)));
        }
        FaultPlan resolved = new FaultPlan(crash, windows, torn);
        resolved.validate();
        long online = members.values().stream().filter(MemberStatus::online).count();
        for (Fault.Offline w : windows) {
            Set<UUID> down = new HashSet<>();
            for (Fault.Offline other : windows) {
                if (other.covers(w.from())) {
                    down.add(other.uuid());
                }
            }
            if (down.size() >= online) {
                throw new TagMirrorException("at write " + w.from() + " the --offline windows would take every online"
                        + " device of mirror " + mirror.name() + " offline; at least one device must keep taking writes");
            }
        }
        return resolved;
    }

    private static UUID lookup(Path dir, String what, Mirror mirror, Map<UUID, MemberStatus> members,
                               DeviceResolver resolver, Map<Path, UUID> known) throws IOException {
        UUID cached = known.get(dir);
        if (cached != null) {
            return cached;
        }
        UUID uuid;
        try {
            uuid = Objects.requireNonNull(resolver.resolve(dir), "resolver answered null");
        } catch (TagMirrorException e) {
            throw new TagMirrorException(what + ": " + e.getMessage(), e);
        }
        MemberStatus member = members.get(uuid);
        if (member == null) {
            throw new TagMirrorException(what + ": " + dir + " is device " + uuid + ", which is not a member of mirror "
                    + mirror.name());
        }
        if (!member.online()) {
            throw new TagMirrorException(what + ": device " + dir + " of mirror " + mirror.name()
                    + " is offline already, so no fault can be injected on it");
        }
        known.put(dir, uuid);
        return uuid;
    }

    private static String text(Fault.Offline w) {
        return w.device() + ":" + w.from() + ":" + w.to();
    }

    private static String text(Fault.Tear t) {
        return t.write() + ":" + t.device();
    }
}
