package io.tagmirror.engine.block;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tagmirror.engine.DeviceDescriptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One copy of a block device's superblock (docs/formats.md): what the device is, where its regions
 * are, which half of the tag log is in use, its storage object and the mirrors it belongs to.
 *
 * @param sequence increases with every write; on open the valid copy with the higher one wins
 * @param descriptor identity, block size and mirrors, as a directory device keeps them in device.json
 * @param layout the regions
 * @param activeHalf the half of host slot 0's tag log in use
 * @param logGeneration counts the log's rewrites (each moves it to the other half)
 * @param objectId the device's one storage object, or null before a mirror is made on it
 * @param objectBlocks its length in blocks
 */
public record Superblock(long sequence, DeviceDescriptor descriptor, BlockLayout layout, int activeHalf,
                         long logGeneration, String objectId, long objectBlocks) {
    static final byte[] MAGIC = "TMBLKDEV".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    /** Host slots the layout leaves room for in the slot table; this version uses slot 0 only. */
    static final int SLOT_TABLE_SLOTS = 8;
    private static final int SLOT_BYTES = 64;
    private static final int SLOT_TABLE_AT = 80;
    private static final int OBJECT_AT = SLOT_TABLE_AT + SLOT_TABLE_SLOTS * SLOT_BYTES;
    private static final int MAX_OBJECT_ID = 128;
    private static final int JSON_AT = OBJECT_AT + 4 + 2 + MAX_OBJECT_ID + 8;
    private static final int CRC_AT = BlockLayout.SUPERBLOCK_BYTES - 4;
    /** The most bytes the descriptor (its mirrors) may take. */
    static final int MAX_JSON = CRC_AT - JSON_AT - 4;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The next copy to write: this one with {@code change} applied and the sequence after it. */
    Superblock next(DeviceDescriptor d, int half, long generation, String object, long blocks) {
        return new Superblock(sequence + 1, d, layout, half, generation, object, blocks);
    }

    /** The 4 KiB copy; refuses a descriptor too large for it. */
    byte[] encode() throws java.io.IOException {
        byte[] json = JSON.writeValueAsBytes(descriptor);
        if (json.length > MAX_JSON) {
            throw new io.tagmirror.engine.TagMirrorException("the device's mirror records take " + json.length
                    + " bytes, more than the " + MAX_JSON + " its superblock holds (too many mirrors or members)");
        }
        ByteBuffer b = ByteBuffer.allocate(BlockLayout.SUPERBLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(FORMAT_VERSION).putInt(BlockLayout.SUPERBLOCK_BYTES).putLong(sequence)
                .putLong(descriptor.uuid().getMostSignificantBits()).putLong(descriptor.uuid().getLeastSignificantBits())
                .putInt(descriptor.blockSize()).putInt(0)
                .putLong(layout.deviceBytes()).putLong(layout.dataOffset()).putLong(layout.dataBytes())
                .putInt(SLOT_TABLE_SLOTS).putInt(1);
        b.position(SLOT_TABLE_AT);
        b.putLong(layout.ringOffset()).putLong(layout.ringBytes()).putLong(layout.logOffset())
                .putLong(layout.logHalfBytes()).putInt(activeHalf).putInt(1).putLong(logGeneration);
        b.position(OBJECT_AT);
        byte[] id = objectId == null ? new byte[0] : objectId.getBytes(StandardCharsets.UTF_8);
        b.putInt(objectId == null ? 0 : 1).putShort((short) id.length).put(id);
        b.position(OBJECT_AT + 4 + 2 + MAX_OBJECT_ID);
        b.putLong(objectBlocks);
        b.position(JSON_AT);
        b.putInt(json.length).put(json);
        b.putInt(CRC_AT, crc(b.array()));
        return b.array();
    }

    static int crc(byte[] copy) {
        CRC32C c = new CRC32C();
        c.update(copy, 0, CRC_AT);
        return (int) c.getValue();
    }

    /** Whether the bytes begin as a TagMirror superblock does (whole or not). */
    static boolean hasMagic(byte[] copy) {
        return Arrays.equals(copy, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** What is wrong with a copy, or empty when it is whole. */
    static Optional<String> problem(byte[] copy) {
        if (!hasMagic(copy)) {
            return Optional.of("no TagMirror superblock there");
        }
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(CRC_AT) != crc(copy)) {
            return Optional.of("its CRC32C does not match (torn or damaged)");
        }
        int version = b.getInt(8);
        if (version != FORMAT_VERSION) {
            return Optional.of("format version " + version + ", this TagMirror reads " + FORMAT_VERSION
                    + (version > FORMAT_VERSION ? " (made by a newer TagMirror: upgrade to open it)" : ""));
        }
        return Optional.empty();
    }

    /** Reads a copy whose {@link #problem} is empty. */
    static Superblock decode(byte[] copy) throws java.io.IOException {
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        long sequence = b.getLong(16);
        long deviceBytes = b.getLong(48);
        long dataOffset = b.getLong(56);
        long dataBytes = b.getLong(64);
        b.position(SLOT_TABLE_AT);
        long ring = b.getLong();
        long ringBytes = b.getLong();
        long log = b.getLong();
        long half = b.getLong();
        int active = b.getInt();
        b.getInt();
        long generation = b.getLong();
        b.position(OBJECT_AT);
        boolean hasObject = b.getInt() == 1;
        byte[] id = new byte[Math.min(MAX_OBJECT_ID, Short.toUnsignedInt(b.getShort()))];
        b.get(id);
        long objectBlocks = b.getLong(OBJECT_AT + 4 + 2 + MAX_OBJECT_ID);
        int jsonLength = b.getInt(JSON_AT);
        if (jsonLength <= 0 || jsonLength > MAX_JSON) {
            throw new java.io.IOException("descriptor length " + jsonLength);
        }
        DeviceDescriptor d = JSON.readValue(copy, JSON_AT + 4, jsonLength, DeviceDescriptor.class);
        BlockLayout layout = new BlockLayout(deviceBytes, ring, ringBytes, log, half, dataOffset, dataBytes);
        return new Superblock(sequence, d, layout, active, generation,
                hasObject ? new String(id, StandardCharsets.UTF_8) : null, objectBlocks);
    }
}
