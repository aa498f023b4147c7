package io.tagmirror.engine;

/** How far a device pushes an entry batch before it issues the data writes of that batch. */
public enum DurabilityMode {
    /** The entry batch commit is fsynced before data is written; {@code flush()} fsyncs data. Survives power loss. */
    POWER_SAFE,
    /** Ordering through the OS page cache only. Survives a process crash, not a power cut. */
    CRASH_SAFE;

    public static DurabilityMode parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "power-safe", "power_safe", "powersafe" -> POWER_SAFE;
            case "crash-safe", "crash_safe", "crashsafe" -> CRASH_SAFE;
            default -> throw new IllegalArgumentException("durability is power-safe or crash-safe, not " + text);
        };
    }

    public String label() {
        return this == POWER_SAFE ? "power-safe" : "crash-safe";
    }
}
