package io.tagmirror.workspace.index;

import java.util.List;

/**
 * The figures of a built index.
 *
 * @param mirror the mirror's name
 * @param objectId its storage object
 * @param devices the member devices, in the mirror's order
 * @param rows distinct tags
 * @param matched tags matched on every device
 * @param onlySome tags some devices lack
 * @param conflicts tags in conflict
 * @param maxBlockCount the longest entry, in blocks; bounds block-range queries
 * @param endBlock one past the highest block any entry names, 0 for an empty index
 * @param generators how many writers (generators) the tags come from
 * @param buildSeconds how long the build took
 * @param stamp the devices' state it was built from
 */
public record IndexSummary(String mirror, String objectId, List<IndexedDevice> devices, long rows, long matched,
                           long onlySome, long conflicts, int maxBlockCount, long endBlock, int generators, double buildSeconds,
                           IndexStamp stamp) {

    public IndexSummary {
        devices = List.copyOf(devices);
    }

    /** Tags that are not matched on every device. */
    public long unmatched() {
        return onlySome + conflicts;
    }
}
