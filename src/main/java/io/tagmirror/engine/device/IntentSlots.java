package io.tagmirror.engine.device;

import io.tagmirror.engine.DeviceDamagedException;
import io.tagmirror.engine.device.io.ObjectChannel;
import io.tagmirror.engine.device.io.ObjectIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A device's durable intent set: the file {@code intents} beside its tag log, two slots written in
 * turn, as md writes its two superblocks and as a block device will keep them in a region. Each slot
 * holds the whole set with a sequence number and a CRC32C; on open the valid slot with the higher
 * sequence wins. A write goes to the slot not holding the current set and is synced before the caller
 * goes on, so a power cut during it leaves the other slot, which holds the set before it, whole.
 *
 * <p>Layout (docs/formats.md, "intents"): per slot, {@code "TMINTENT"}, version u16, 0 u16, payload
 * length u32, sequence u64, masked CRC32C u32 of the header's first 24 bytes and the payload, then the
 * payload: u16 objects; per object u16 name length, the name (UTF-8), u8 flags (1 = this device missed
 * writes of the object's mirror and awaits a repair), u32 blocks per extent, u32 extents, u64 extent
 * numbers. Little-endian.
 *
 * <p>Threading: not thread-safe; {@link IntentSet} calls it under its own lock.
 */
final class IntentSlots implements AutoCloseable {
    static final String FILE_NAME = "intents";
    static final int SLOT_BYTES = 64 * 1024;
    static final int HEADER_BYTES = 28;
    static final int MAX_PAYLOAD = SLOT_BYTES - HEADER_BYTES;
    private static final byte[] MAGIC = "TMINTENT".getBytes(StandardCharsets.US_ASCII);
    private static final short VERSION = 1;

    /** The set as stored: blocks per extent and extent numbers, per object id. */
    record Stored(Map<String, ObjectExtents> objects) {
    }

    /**
     * One object's extents as stored, and whether this device missed writes of the object's mirror
     * (it came back from an outage) and is not yet repaired.
     */
    record ObjectExtents(long extentBlocks, List<Long> extents, boolean missedWrites) {
    }

    /** The set in messages: its file, or its region of a block device. */
    private final String file;
    private final ObjectChannel channel;
    private long sequence;

    private IntentSlots(Path file, ObjectChannel channel, long sequence) {
        this(file.toString(), channel, sequence);
    }

    private IntentSlots(String file, ObjectChannel channel, long sequence) {
        this.file = file;
        this.channel = channel;
        this.sequence = sequence;
    }

    /** Makes the file of a new device: slot 0 holds an empty set as sequence 0 (sequence n goes to slot n % 2), synced. */
    static void create(ObjectIo io, Path file) throws IOException {
        try (ObjectChannel c = io.open(file, ObjectIo.OpenMode.CREATE_NEW)) {
            writeSlot(c, 0, 0, Map.of());
            c.truncate(2L * SLOT_BYTES);
            c.force();
        }
    }

    /**
     * Opens the set of the device at {@code dir}; a device made before intent sets gets an empty one
     * (unless {@code readOnly}, when nothing is made and the set reads empty).
     */
    /**
     * The slots in {@code region} (a block device's intent ring, {@code name} in messages); {@code fresh}
     * writes an empty set first, into a ring its caller has just zeroed.
     */
    static IntentSlots inRegion(ObjectChannel region, String name, boolean fresh) throws IOException {
        if (fresh) {
            writeSlot(region, 0, 0, Map.of());
            region.force();
        }
        return new IntentSlots(name, region, 0);
    }

    static IntentSlots open(ObjectIo io, Path dir, boolean readOnly) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            if (readOnly) {
                return new IntentSlots(file, null, 0);
            }
            create(io, file);
            DirectoryDevice.syncDirectory(dir);
        }
        ObjectChannel c = io.open(file, readOnly ? ObjectIo.OpenMode.READ_ONLY : ObjectIo.OpenMode.READ_WRITE);
        return new IntentSlots(file, c, 0);
    }

    /** Reads the current set; refuses a file whose two slots are both damaged. */
    Stored read() throws IOException {
        if (channel == null) {
            return new Stored(Map.of());
        }
        Stored best = null;
        long bestSequence = -1;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long at = (long) slot * SLOT_BYTES;
            while (b.hasRemaining()) {
                int n = channel.read(b, at + b.position());
                if (n <= 0) {
                    break;
                }
            }
            b.flip();
            long seq = validSequence(b);
            if (seq > bestSequence) {
                bestSequence = seq;
                best = decode(b);
            }
        }
        if (best == null) {
            throw new DeviceDamagedException(file + " is damaged: neither copy of the device's intent set reads back, so"
                    + " the blocks power-safe writes may have reached before a power cut are not known; reset the"
                    + " device's tag table and scrub its mirrors (see the recovery guide)");
        }
        sequence = bestSequence;
        return best;
    }

    /** Stores {@code objects} as the new set and syncs it. */
    void write(Map<String, ObjectExtents> objects) throws IOException {
        long next = sequence + 1;
        writeSlot(channel, (int) (next % 2), next, objects);
        channel.force();
        sequence = next;
    }

    /** Bytes the payload of {@code objects} takes; a set past {@link #MAX_PAYLOAD} cannot be stored. */
    static int payloadBytes(Map<String, ObjectExtents> objects) {
        int bytes = 2;
        for (Map.Entry<String, ObjectExtents> e : objects.entrySet()) {
            bytes += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + 8 + 8 * e.getValue().extents().size();
        }
        return bytes;
    }

    private static void writeSlot(ObjectChannel c, int slot, long sequence, Map<String, ObjectExtents> objects)
            throws IOException {
        int payload = payloadBytes(objects);
        if (payload > MAX_PAYLOAD) {
            throw new IllegalStateException("an intent set of " + payload + " bytes does not fit a slot");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort(VERSION).putShort((short) 0).putInt(payload).putLong(sequence).putInt(0);
        b.putShort((short) objects.size());
        for (Map.Entry<String, ObjectExtents> e : objects.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putShort((short) name.length).put(name).put((byte) (e.getValue().missedWrites() ? 1 : 0));
            b.putInt((int) e.getValue().extentBlocks()).putInt(e.getValue().extents().size());
            for (long x : e.getValue().extents()) {
                b.putLong(x);
            }
        }
        b.putInt(24, crc(b, payload));
        b.flip();
        long at = (long) slot * SLOT_BYTES;
        while (b.hasRemaining()) {
            c.write(b, at + b.position());
        }
    }

    /** The slot's sequence when it is whole and of this format, else -1. */
    private static long validSequence(ByteBuffer b) {
        if (b.limit() < HEADER_BYTES) {
            return -1;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(i) != MAGIC[i]) {
                return -1;
            }
        }
        int payload = b.getInt(12);
        if (b.getShort(8) != VERSION || payload < 2 || payload > MAX_PAYLOAD || b.limit() < HEADER_BYTES + payload) {
            return -1;
        }
        return crc(b, payload) == b.getInt(24) ? b.getLong(16) : -1;
    }

    /** LevelDB's masked CRC32C over the header (without its CRC field) and the payload. */
    private static int crc(ByteBuffer b, int payload) {
        CRC32C c = new CRC32C();
        c.update(b.duplicate().position(0).limit(24));
        c.update(b.duplicate().position(HEADER_BYTES).limit(HEADER_BYTES + payload));
        int v = (int) c.getValue();
        return ((v >>> 15) | (v << 17)) + 0xa282ead8;
    }

    private static Stored decode(ByteBuffer b) {
        ByteBuffer p = b.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(HEADER_BYTES);
        int objects = Short.toUnsignedInt(p.getShort());
        Map<String, ObjectExtents> out = new LinkedHashMap<>();
        for (int o = 0; o < objects; o++) {
            byte[] name = new byte[Short.toUnsignedInt(p.getShort())];
            p.get(name);
            boolean missedWrites = (p.get() & 1) != 0;
            long extentBlocks = Integer.toUnsignedLong(p.getInt());
            int count = p.getInt();
            List<Long> extents = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                extents.add(p.getLong());
            }
            out.put(new String(name, StandardCharsets.UTF_8), new ObjectExtents(extentBlocks, extents, missedWrites));
        }
        return new Stored(out);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
