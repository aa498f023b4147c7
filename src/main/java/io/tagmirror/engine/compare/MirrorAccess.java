package io.tagmirror.engine.compare;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.StorageObject;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What compare, repair, scrub, verify and read planning need of a mirror beyond its public face: its
 * members, its block locks and the settling of its entries. A mirror hands its own to the work it
 * starts; nothing outside the engine gets one.
 */
public interface MirrorAccess {

    /** One member as the mirror sees it now. */
    interface Member {
        UUID uuid();

        /** The open device, or null while it is not found. */
        Device device();

        /** The mirror's storage object on the device, or null while it is not found. */
        StorageObject object();

        boolean online();

        /** Came back after missing writes: its data is suspect until a repair. */
        boolean stale();

        /** Why it is offline, or null. */
        String offlineReason();

        /** The device's location, or its uuid while it is not found. */
        String location();
    }

    /** A block range held; writes to those blocks wait until it is closed. */
    interface HeldBlocks extends AutoCloseable {
        @Override
        void close();
    }

    String name();

    MirrorDefinition definition();

    int blockSize();

    DurabilityMode durability();

    long lengthBlocks();

    /** Changes whenever a member leaves or joins: a report from another epoch is stale. */
    long epoch();

    List<Member> members();

    List<Member> onlineMembers();

    Member member(UUID device) throws TagMirrorException;

    /** Takes the range of blocks, as writes take theirs: it waits for overlapping ranges taken before. */
    HeldBlocks lockBlocks(long firstBlock, long blockCount);

    /**
     * Records that every member holds the same data up to the batches given, as of compare epoch;
     * not while a member's data is described by no entry (it needs a scrub first).
     */
    void markWhole(Map<UUID, Long> settledUpToBatch, long compareEpoch) throws IOException;

    /**
     * The refusal of {@code operation} when fewer than two devices are online, naming each offline
     * device and why.
     */
    TagMirrorException tooFewOnline(String operation);

    /**
     * Takes a member whose read or write failed out of the mirror (as a failed write does), so no
     * read or write is sent to it any more.
     */
    void memberFailed(UUID device, IOException cause) throws TagMirrorException;

    /** Grows the volume's length to at least {@code blocks}. */
    void growLength(long blocks);
}
