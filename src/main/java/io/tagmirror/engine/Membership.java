package io.tagmirror.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;

/**
 * Which devices are members of a mirror now, decided from the definitions the devices themselves
 * record, as md decides from its superblocks' event counts and DRBD from its generation UUIDs.
 *
 * <p>A device is <em>retired</em> when a record of a newer generation no longer lists it: it was
 * replaced while it was away, and its copy of the volume stopped receiving writes then, with no entry
 * left anywhere to say what it missed. It must never be assembled again. A device that a newer record
 * still lists was merely away while another member changed: it rejoins, stale by data, and the entries
 * its peers kept while it was away say exactly what it missed.
 *
 * <p>Descriptors written before generations existed all say generation 0; between two of those, the
 * one that no longer lists the other's own device knows of a replacement the other never heard of.
 */
public final class Membership {

    /**
     * A definition of the mirror as one place records it: a device ({@code device} its uuid), or a
     * copy kept elsewhere such as a workspace's catalog ({@code device} null), which counts only when
     * its generation is newer than every device's.
     */
    public record Record(UUID device, String location, MirrorDefinition definition) {
        boolean onDevice() {
            return device != null;
        }

        long generation() {
            return definition.generation();
        }
    }

    /**
     * A device a newer record no longer lists: {@code witness} is that record, {@code replacedBy} the
     * member that holds the device's role in it now (null when the role is gone).
     */
    public record Retirement(Record retired, Record witness, UUID replacedBy) {
    }

    /** The definition that holds now, and the devices among the records that it retired. */
    public record Assessment(MirrorDefinition current, List<Retirement> retired) {
        public Assessment {
            retired = List.copyOf(retired);
        }

        public Optional<Retirement> retirementOf(UUID device) {
            return retired.stream().filter(r -> r.retired().device().equals(device)).findFirst();
        }
    }

    private Membership() {
    }

    /**
     * Weighs the records of one mirror: which devices are retired, and which definition is current.
     * Refused when devices of the newest generation disagree on the members and nothing settles it.
     */
    public static Assessment assess(List<Record> records) throws TagMirrorException {
        List<Retirement> retired = new ArrayList<>();
        List<Record> standing = new ArrayList<>();
        for (Record r : records) {
            Optional<Record> witness = r.onDevice() ? newerWithout(r, records) : Optional.empty();
            if (witness.isPresent()) {
                retired.add(new Retirement(r, witness.get(), holderOfRole(r, witness.get().definition())));
            } else {
                standing.add(r);
            }
        }
        if (standing.isEmpty()) {
            throw disagreement(records);
        }
        return new Assessment(current(standing), retired);
    }

    /** The newest record that does not list {@code r}'s device although {@code r} missed its change. */
    private static Optional<Record> newerWithout(Record r, List<Record> records) {
        Record witness = null;
        for (Record p : records) {
            if (p == r || p.definition().devices().contains(r.device())) {
                continue;
            }
            // At one generation only another device's own record can tell, and only when r still lists
            // that device: r never heard of the change that dropped it.
            boolean newer = p.generation() > r.generation()
                    || p.generation() == r.generation() && p.onDevice() && r.definition().devices().contains(p.device());
            if (newer && (witness == null || p.generation() > witness.generation()
                    || p.generation() == witness.generation() && p.onDevice() && !witness.onDevice())) {
                witness = p;
            }
        }
        return Optional.ofNullable(witness);
    }

    /** Who holds {@code r}'s role in {@code newer}: a replacement takes the position of the member it replaces. */
    private static UUID holderOfRole(Record r, MirrorDefinition newer) {
        int role = r.definition().devices().indexOf(r.device());
        if (role < 0 || role >= newer.devices().size()) {
            return null;
        }
        UUID holder = newer.devices().get(role);
        return holder.equals(r.device()) ? null : holder;
    }

    /**
     * The newest generation among the standing records; a device's own word beats a copy kept
     * elsewhere at the same generation, and such a copy only settles a disagreement between devices.
     */
    private static MirrorDefinition current(List<Record> standing) throws TagMirrorException {
        long top = standing.stream().mapToLong(Record::generation).max().orElseThrow();
        List<Record> newest = standing.stream().filter(r -> r.generation() == top).toList();
        List<Record> onDevices = newest.stream().filter(Record::onDevice).toList();
        if (onDevices.isEmpty()) {
            return newest.get(0).definition();
        }
        List<List<UUID>> versions = onDevices.stream().map(r -> r.definition().devices()).distinct().toList();
        if (versions.size() == 1) {
            return onDevices.get(0).definition();
        }
        for (Record kept : newest) {
            if (!kept.onDevice() && versions.contains(kept.definition().devices())) {
                return kept.definition();
            }
        }
        throw disagreement(onDevices);
    }

    private static TagMirrorException disagreement(List<Record> records) {
        Record first = records.get(0);
        StringBuilder text = new StringBuilder("the devices of mirror " + first.definition().name()
                + " disagree on its members:");
        for (Record r : records.stream().sorted(Comparator.comparing(Record::location)).toList()) {
            text.append(' ').append(r.location()).append(" (generation ").append(r.generation()).append(") lists ")
                    .append(r.definition().devices()).append(';');
        }
        text.append(" import the mirror from the device whose list is right, and leave the others out");
        return new TagMirrorException(text.toString());
    }

    /**
     * The refusal for a retired device, naming the member that took its place ({@code nameOf} says
     * where a device is, by uuid) and the way out.
     */
    public static RetiredDeviceException refusal(Retirement r, Function<UUID, String> nameOf) {
        return new RetiredDeviceException(r, nameOf);
    }
}
