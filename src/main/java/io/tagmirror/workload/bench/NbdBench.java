package io.tagmirror.workload.bench;

import io.tagmirror.engine.TagMirrorException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code tagmirror bench --parts nbd}: a mirror served over NBD against what an administrator would
 * use instead, all driven by fio's nbd engine in one run on the same filesystem: TagMirror serving a
 * two-member mirror (crash-safe and power-safe), QEMU's {@code quorum} driver over two raw files
 * served by {@code qemu-nbd} (a mirror that tracks nothing for resync), and {@code nbdkit}'s
 * {@code file} plugin over one file (one copy: the ceiling). Every server runs at once; each round
 * runs every workload on each in turn, so the machine's drift hits all alike, and a ratio is the
 * median of its rounds' ratios. Only Unix sockets in the benchmark's own directory; every process
 * started here is stopped here, by its handle.
 */
final class NbdBench {
    static final String CRASH_SAFE = "tagmirror-crash-safe";
    static final String POWER_SAFE = "tagmirror-power-safe";
    static final String QUORUM = "qemu-nbd-quorum";
    static final String SINGLE_FILE = "nbdkit-file";

    private final Path dir;
    private final long sizeBytes;
    private final int seconds;
    private final int rounds;
    private final long seed;
    private final List<String> tagmirror;
    private final Consumer<String> log;
    private final String searchPath;
    private final List<NbdServer> servers = new ArrayList<>();
    private final List<Map<String, Object>> skipped = new ArrayList<>();
    private int jobs;

    NbdBench(Path dir, long sizeBytes, BenchOptions.Nbd options, long seed, Consumer<String> log) {
        this(dir, sizeBytes, options, seed, log, System.getenv("PATH"));
    }

    /** {@code searchPath}: where the tools are looked for, as in {@code PATH}. */
    NbdBench(Path dir, long sizeBytes, BenchOptions.Nbd options, long seed, Consumer<String> log, String searchPath) {
        this.searchPath = searchPath == null ? "/usr/bin:/bin:/usr/sbin:/sbin" : searchPath;
        this.dir = dir;
        this.sizeBytes = sizeBytes;
        this.seconds = options.secondsPerJob();
        this.rounds = options.rounds();
        this.seed = seed;
        this.tagmirror = options.tagmirror();
        this.log = log;
    }

    Map<String, Object> run() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sizeBytes", sizeBytes);
        out.put("secondsPerJob", seconds);
        out.put("rounds", rounds);
        Optional<String> fio = executable("fio");
        if (fio.isEmpty() || !FioJob.hasNbdEngine(fio.get())) {
            skip("fio", fio.isEmpty() ? "fio is not installed (package fio)" : "this fio has no nbd engine (package fio, built with libnbd)");
            out.put("skipped", skipped);
            return out;
        }
        Files.createDirectories(dir);
        try {
            startServers();
            List<Map<String, Object>> described = new ArrayList<>();
            for (NbdServer s : servers) {
                described.add(Map.of("id", s.id(), "uri", s.uri()));
            }
            out.put("servers", described);
            out.put("skipped", skipped);
            if (servers.isEmpty()) {
                return out;
            }
            for (NbdServer s : servers) {
                log.accept("nbd: filling " + s.id() + " with 1 MiB writes, then a warm-up");
                FioJob.fill(fio.get(), s.uri(), sizeBytes, dir.resolve("fill-" + s.id() + ".json"));
                FioJob.run(fio.get(), s.uri(), new FioJob.Workload("random-4k", 16), sizeBytes, Math.max(2, seconds / 2),
                        seed, dir.resolve("warm-" + s.id() + ".json"));
            }
            Map<String, double[][]> runs = measure(fio.get());
            out.put("points", points(runs));
            out.put("ratios", ratios(runs));
            return out;
        } finally {
            for (NbdServer s : servers) {
                s.close();
            }
        }
    }

    // ---------------------------------------------------------------- servers

    private void startServers() throws IOException {
        if (tagmirror.isEmpty()) {
            skip("tagmirror", "this build of tagmirror has no serve command: TagMirror itself is left out");
        } else {
            Path ws = dir.resolve("ws");
            for (String name : new String[] {"c0", "c1", "p0", "p1"}) {
                cli("device", "create", "--workspace", ws.toString(), dir.resolve(name).toString());
            }
            cli("mirror", "create", "--workspace", ws.toString(), "crash", "--size", Long.toString(sizeBytes),
                    dir.resolve("c0").toString(), dir.resolve("c1").toString());
            cli("mirror", "create", "--workspace", ws.toString(), "power", "--size", Long.toString(sizeBytes),
                    dir.resolve("p0").toString(), dir.resolve("p1").toString());
            servers.add(serveTagMirror(CRASH_SAFE, ws, "crash", "crash-safe"));
            servers.add(serveTagMirror(POWER_SAFE, ws, "power", "power-safe"));
        }
        Optional<String> qemuNbd = executable("qemu-nbd");
        if (qemuNbd.isEmpty()) {
            skip(QUORUM, "qemu-nbd is not installed: the quorum mirror is left out (package qemu-utils)");
        } else {
            Path a = rawFile("q0.raw");
            Path b = rawFile("q1.raw");
            Path socket = dir.resolve("q.sock");
            // both children must take a write before it completes: a mirror, as TagMirror's members are
            String image = "driver=quorum,vote-threshold=2"
                    + ",children.0.driver=raw,children.0.file.driver=file,children.0.file.filename=" + a
                    + ",children.1.driver=raw,children.1.file.driver=file,children.1.file.filename=" + b;
            servers.add(NbdServer.startListening(QUORUM, List.of(qemuNbd.get(), "--persistent", "--shared=4",
                    "--socket=" + socket, "--image-opts", image), socket, "", dir.resolve(QUORUM + ".log")));
        }
        Optional<String> nbdkit = executable("nbdkit");
        if (nbdkit.isEmpty()) {
            skip(SINGLE_FILE, "nbdkit is not installed: the one-file ceiling is left out (package nbdkit)");
        } else {
            Path file = rawFile("single.raw");
            Path socket = dir.resolve("k.sock");
            servers.add(NbdServer.startListening(SINGLE_FILE, List.of(nbdkit.get(), "--foreground", "--exit-with-parent",
                    "--unix", socket.toString(), "file", "file=" + file), socket, "", dir.resolve(SINGLE_FILE + ".log")));
        }
    }

    private NbdServer serveTagMirror(String id, Path ws, String mirror, String durability) throws IOException {
        List<String> command = new ArrayList<>(tagmirror);
        command.addAll(List.of("serve", mirror, "--workspace", ws.toString(), "--socket",
                dir.resolve(mirror.charAt(0) + ".sock").toString(), "--durability", durability));
        return NbdServer.startTagMirror(id, command, dir.resolve(id + ".log"));
    }

    private void cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(tagmirror);
        command.addAll(List.of(args));
        Path log = dir.resolve("setup.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TagMirrorException("benchmark: tagmirror " + String.join(" ", args) + " did not finish");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TagMirrorException("benchmark interrupted");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new TagMirrorException("benchmark: tagmirror " + String.join(" ", args) + " failed: "
                    + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
        }
    }

    /** A sparse file of the volume's size: fio's fill writes it whole before any timed job. */
    private Path rawFile(String name) throws IOException {
        Path f = dir.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "rw")) {
            file.setLength(sizeBytes);
        }
        return f;
    }

    private void skip(String id, String reason) {
        skipped.add(Map.of("id", id, "reason", reason));
        log.accept("nbd: " + reason);
    }

    private Optional<String> executable(String name) {
        for (String d : searchPath.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- measuring

    /** Per server and workload: {writes/s, mean latency µs, p99 µs, server CPU µs per write} of each round. */
    private Map<String, double[][]> measure(String fio) throws IOException {
        Map<String, double[][]> runs = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (FioJob.Workload w : FioJob.Workload.ALL) {
                for (int k = 0; k < servers.size(); k++) {
                    // each round starts with a different server, so none always runs first or last
                    NbdServer s = servers.get((k + round) % servers.size());
                    double cpu = s.cpuSeconds();
                    FioJob.Result r = FioJob.run(fio, s.uri(), w, sizeBytes, seconds, seed + round,
                            dir.resolve("job-" + ++jobs + ".json"));
                    double cpuPerWrite = (s.cpuSeconds() - cpu) * 1e6 / Math.max(1, r.writes());
                    runs.computeIfAbsent(key(s.id(), w), x -> new double[rounds][])[round] =
                            new double[] {r.writesPerSecond(), r.meanLatencyMicros(), r.p99LatencyMicros(), cpuPerWrite};
                    log.accept(String.format("nbd round %d %-22s %-20s %9.0f writes/s  latency %8.1f µs (p99 %8.1f)"
                                    + "  server CPU %6.1f µs a write", round + 1, s.id(), w.label(), r.writesPerSecond(),
                            r.meanLatencyMicros(), r.p99LatencyMicros(), cpuPerWrite));
                }
            }
        }
        return runs;
    }

    private static String key(String server, FioJob.Workload w) {
        return server + " " + w.pattern() + " " + w.queueDepth();
    }

    private List<Map<String, Object>> points(Map<String, double[][]> runs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FioJob.Workload w : FioJob.Workload.ALL) {
            for (NbdServer s : servers) {
                double[][] r = runs.get(key(s.id(), w));
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("server", s.id());
                p.put("pattern", w.pattern());
                p.put("queueDepth", w.queueDepth());
                p.put("writesPerSecond", Benchmark.median(column(r, 0)));
                p.put("writesPerSecondRuns", column(r, 0));
                p.put("meanLatencyMicros", Benchmark.median(column(r, 1)));
                p.put("p99LatencyMicros", Benchmark.median(column(r, 2)));
                p.put("serverCpuMicrosPerWrite", Benchmark.median(column(r, 3)));
                out.add(p);
            }
        }
        return out;
    }

    /**
     * TagMirror (each mode) ÷ the quorum mirror and ÷ the one file, per workload: the median of the
     * rounds' ratios, each taken between runs next to each other in time.
     */
    private Map<String, Object> ratios(Map<String, double[][]> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String[] pair : new String[][] {{CRASH_SAFE, QUORUM}, {POWER_SAFE, QUORUM}, {CRASH_SAFE, SINGLE_FILE},
                {POWER_SAFE, SINGLE_FILE}}) {
            for (FioJob.Workload w : FioJob.Workload.ALL) {
                double[][] a = runs.get(key(pair[0], w));
                double[][] b = runs.get(key(pair[1], w));
                if (a == null || b == null) {
                    continue;
                }
                double[] each = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    each[i] = a[i][0] / b[i][0];
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("ratio", Benchmark.median(each));
                r.put("runs", each);
                out.put(ratioName(pair[0], w, pair[1]), r);
            }
        }
        return out;
    }

    /** e.g. {@code crashSafe.qd16.vsQuorum}, {@code powerSafe.seq1m.vsSingleFile}. */
    static String ratioName(String server, FioJob.Workload w, String against) {
        return (server.equals(CRASH_SAFE) ? "crashSafe" : "powerSafe") + "."
                + (w.pattern().equals("random-4k") ? "qd" + w.queueDepth() : "seq1m")
                + (against.equals(QUORUM) ? ".vsQuorum" : ".vsSingleFile");
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][c];
        }
        return out;
    }
}
