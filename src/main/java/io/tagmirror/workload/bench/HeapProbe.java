package io.tagmirror.workload.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap use of one part of the benchmark: the most the heap held at once, read from the heap
 * just before each garbage collection (when it is fullest) and at the end.
 *
 * <p>Not the sum of the pools' own peaks, which the JVM also offers: the young and old pools peak at
 * different moments, so their sum overstates the peak — by up to a third in our runs, enough to
 * report a compare that ran within {@code -Xmx256m} as needing more.
 */
final class HeapProbe {
    private static final AtomicLong PEAK = new AtomicLong();
    /**
     * Each collector's count of collections at the last reset: notifications arrive on their own
     * thread, late, and one from before the reset must not count in the part that follows.
     */
    private static final Map<String, Long> COUNT_AT_RESET = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    static {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info =
                                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        if (info.getGcInfo().getId() > COUNT_AT_RESET.getOrDefault(info.getGcName(), -1L)) {
                            record(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()));
                        }
                    }
                }, null, null);
            }
        }
    }

    private HeapProbe() {
    }

    static void reset() {
        System.gc();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            COUNT_AT_RESET.put(gc.getName(), gc.getCollectionCount());
        }
        PEAK.set(usedNow());
    }

    static long peakBytes() {
        record(usedNow());
        return PEAK.get();
    }

    private static void record(long used) {
        PEAK.accumulateAndGet(used, Math::max);
    }

    private static long usedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapUsed(Map<String, MemoryUsage> byPool) {
        long sum = 0;
        for (Map.Entry<String, MemoryUsage> e : byPool.entrySet()) {
            if (HEAP_POOLS.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }
}
