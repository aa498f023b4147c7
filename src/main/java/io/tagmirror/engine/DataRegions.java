package io.tagmirror.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The data regions of a mirror's block devices, which need not be of one size: the smallest decides how
 * large the mirror may be, and the rest of a larger one stays unused. Said at create, import and status.
 */
public final class DataRegions {
    private DataRegions() {
    }

    /**
     * Refuses a mirror of {@code sizeBytes} that does not fit in a member's data region, naming every
     * member's region and the most the mirror can be; nothing is written before.
     */
    public static void checkFits(String name, long sizeBytes, List<? extends Device> devices) throws TagMirrorException {
        long smallest = smallest(devices).orElse(Long.MAX_VALUE);
        if (sizeBytes > smallest) {
            throw new TagMirrorException("mirror " + name + " of " + ByteSize.format(sizeBytes) + " does not fit: "
                    + describe(devices) + "; the smallest member decides: make the mirror at most "
                    + ByteSize.format(smallest));
        }
    }

    /** The smallest data region of the block devices among {@code devices}, if there is one. */
    public static OptionalLong smallest(List<? extends Device> devices) {
        return devices.stream().map(Device::dataRegionBytes).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    /**
     * What an administrator should know when the block devices' data regions are not all the mirror's
     * size: which hold more and how much of them stays unused. Empty when they all match.
     */
    public static Optional<String> notice(long sizeBytes, List<? extends Device> devices) {
        Map<String, Long> regions = new LinkedHashMap<>();
        for (Device d : devices) {
            d.dataRegionBytes().ifPresent(bytes -> regions.put(d.location(), bytes));
        }
        return notice(sizeBytes, regions);
    }

    /** As {@link #notice(long, List)}, given each block device's data region by its location. */
    public static Optional<String> notice(long sizeBytes, Map<String, Long> regions) {
        List<String> larger = new ArrayList<>();
        for (Map.Entry<String, Long> r : regions.entrySet()) {
            if (r.getValue() > sizeBytes) {
                larger.add(r.getKey() + " (" + ByteSize.format(r.getValue() - sizeBytes) + " of its "
                        + ByteSize.format(r.getValue()) + ")");
            }
        }
        if (larger.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the data regions differ from the mirror's " + ByteSize.format(sizeBytes) + " ("
                + describe(regions) + "): the mirror is the size it was made, and the rest stays unused on "
                + String.join(", ", larger));
    }

    private static String describe(List<? extends Device> devices) {
        Map<String, Long> regions = new LinkedHashMap<>();
        for (Device d : devices) {
            d.dataRegionBytes().ifPresent(bytes -> regions.put(d.location(), bytes));
        }
        return describe(regions);
    }

    private static String describe(Map<String, Long> regions) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> r : regions.entrySet()) {
            parts.add(r.getKey() + " holds " + ByteSize.format(r.getValue()));
        }
        return String.join(", ", parts);
    }
}
