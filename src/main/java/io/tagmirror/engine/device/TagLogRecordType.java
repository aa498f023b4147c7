package io.tagmirror.engine.device;

/**
 * What a record of a tag log holds: the first byte of every record. The codes are on disk and never
 * change or get reused (docs/formats.md, "tags.log").
 */
enum TagLogRecordType {
    /** The first record: magic, format version, the device's uuid. */
    HEADER(1),
    /** The name of a storage object, by the small number entries use for it. */
    OBJECT_NAME(2),
    /** One group-committed batch: its id, its packed 40-byte entries and their per-block checksums. */
    ENTRY_BATCH(3),
    /** A low-water mark: batches with ids in (after, upTo] are settled; no id up to upTo is given again. */
    TRIM_MARK(4),
    /** Single entries a compare or repair settled, by batch id and position in the batch. */
    DELETION(5),
    /** The sequence a generator may use up to (exclusive). */
    GENERATOR(6),
    /** Whether the device's data can be judged by its entries or needs a scrub. */
    SCRUB_FLAG(7),
    /**
     * Reserved: the intent extents of power-safe writes (DESIGN §3) are kept in the device's two-slot
     * {@code intents} file ({@link IntentSlots}), not in the log; a log that holds one is refused, as a
     * log of a newer TagMirror.
     */
    INTENT(8),
    /**
     * Whether the log stopped keeping entries because it was full while a member could not take its
     * share of trimming (docs/formats.md): its entries no longer name every block that may differ.
     */
    INCOMPLETE(9),
    /**
     * Every byte of the log before the position it names was synced before this record was written:
     * what tells a power cut's lost page (after every mark's position) from damage (before one).
     */
    SYNCED(10);

    private final byte code;

    TagLogRecordType(int code) {
        this.code = (byte) code;
    }

    byte code() {
        return code;
    }

    /** The type stored as {@code code}, or null for a code this version does not know. */
    static TagLogRecordType ofCode(byte code) {
        for (TagLogRecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
