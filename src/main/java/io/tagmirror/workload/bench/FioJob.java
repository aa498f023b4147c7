package io.tagmirror.workload.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One fio job with fio's own {@code nbd} engine (libnbd) against an NBD URI: a client no one here
 * wrote, the same for every server. Writes only; fio's JSON gives the figures.
 */
final class FioJob {
    /** What a job writes: 4 KiB at random offsets, or 1 MiB in sequence, at a queue depth. */
    record Workload(String pattern, int queueDepth) {
        static final List<Workload> ALL = List.of(new Workload("random-4k", 1), new Workload("random-4k", 16),
                new Workload("random-4k", 64), new Workload("sequential-1m", 1));

        String label() {
            return pattern + " qd " + queueDepth;
        }

        private List<String> options() {
            return pattern.equals("random-4k") ? List.of("--rw=randwrite", "--bs=4k")
                    : List.of("--rw=write", "--bs=1M");
        }
    }

    /** fio's figures for one job: writes completed, their rate, mean and 99th-percentile latency. */
    record Result(long writes, double writesPerSecond, double meanLatencyMicros, double p99LatencyMicros) {
    }

    private FioJob() {
    }

    /** Runs {@code w} for {@code seconds} over the first {@code sizeBytes} of the export; its output goes to {@code out}. */
    static Result run(String fio, String uri, Workload w, long sizeBytes, int seconds, long seed, Path out)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(fio, "--name=bench", "--ioengine=nbd", "--uri=" + uri,
                "--iodepth=" + w.queueDepth(), "--size=" + sizeBytes, "--time_based", "--runtime=" + seconds,
                "--randseed=" + seed, "--output-format=json"));
        command.addAll(w.options());
        return parse(execute(command, out, seconds + 120L), out);
    }

    /** Writes the whole export once in 1 MiB writes, so every later job writes allocated blocks. */
    static void fill(String fio, String uri, long sizeBytes, Path out) throws IOException {
        execute(List.of(fio, "--name=fill", "--ioengine=nbd", "--uri=" + uri, "--rw=write", "--bs=1M",
                "--iodepth=4", "--size=" + sizeBytes, "--output-format=json"), out, 600);
    }

    /** Whether {@code fio} has the nbd engine (Debian's fio is built with libnbd). */
    static boolean hasNbdEngine(String fio) {
        try {
            Process p = new ProcessBuilder(fio, "--enghelp=nbd").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && text.contains("uri");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String execute(List<String> command, Path out, long timeoutSeconds) throws IOException {
        Path err = out.resolveSibling(out.getFileName() + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new TagMirrorException("benchmark: fio did not finish in " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TagMirrorException("benchmark interrupted");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            throw new TagMirrorException("benchmark: fio failed (exit " + p.exitValue() + "): "
                    + (lines.isEmpty() ? "no message" : lines.get(lines.size() - 1)));
        }
        return text;
    }

    private static Result parse(String text, Path out) throws IOException {
        // fio's nbd engine prints "fio: connected to NBD server" before the JSON
        int start = text.indexOf('{');
        if (start < 0) {
            throw new TagMirrorException("benchmark: fio printed no figures (" + out + ")");
        }
        JsonNode job = new ObjectMapper().readTree(text.substring(start)).path("jobs").path(0);
        if (job.path("error").asInt() != 0) {
            throw new TagMirrorException("benchmark: fio's job failed with error " + job.path("error").asInt());
        }
        JsonNode write = job.path("write");
        return new Result(write.path("total_ios").asLong(), write.path("iops").asDouble(),
                write.path("lat_ns").path("mean").asDouble() / 1000,
                write.path("clat_ns").path("percentile").path("99.000000").asDouble() / 1000);
    }
}
