package io.tagmirror.workload.replay;

/**
 * A fault as it was applied during a replay: what, just before or during which write, on which device.
 *
 * @param kind {@code offline}, {@code online}, {@code tear} or {@code crash}
 * @param write the write number it acted at
 * @param device the device directory it acted on, or null when it concerns the host
 * @param detail one sentence for the administrator, with the blocks concerned
 */
public record AppliedFault(String kind, long write, String device, String detail) {
}
