package io.tagmirror.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the seeded cases of a fault test, two at a time (child JVMs spend most of their life starting,
 * which a second one overlaps), and fails with the seed of every case that failed.
 */
final class Points {
    /** One seeded case. */
    @FunctionalInterface
    interface Case {
        String run(int index, long seed) throws Exception;
    }

    private Points() {
    }

    static void run(String what, int count, long baseSeed, int parallel, Case body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "reliability-" + what);
            t.setDaemon(true);
            return t;
        });
        List<Future<String>> results = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        try {
            for (int k = 0; k < count; k++) {
                int index = k;
                long seed = baseSeed + k;
                results.add(pool.submit(() -> {
                    if (failed.get() >= 5) {
                        return "skipped after earlier failures";
                    }
                    try {
                        return body.run(index, seed);
                    } catch (Throwable e) {
                        failed.incrementAndGet();
                        AssertionError error = new AssertionError(what + " case " + index + " failed; replay it with"
                                + " -Dtagmirror.reliability.seed=" + seed + " -Dtagmirror.reliability.cases=1: " + e, e);
                        throw error;
                    }
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<String> f : results) {
                try {
                    String line = f.get();
                    System.out.println(what + ": " + line);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                AssertionError all = new AssertionError(failures.size() + " of " + count + " " + what + " cases failed; first: "
                        + failures.get(0).getMessage(), failures.get(0));
                for (Throwable t : failures.subList(1, failures.size())) {
                    all.addSuppressed(t);
                }
                throw all;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
