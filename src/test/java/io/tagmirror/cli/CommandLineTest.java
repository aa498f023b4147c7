package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void devicesAndMirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        assertThat(cli.json("device", "create", a, "--json").get("blockSize").asInt()).isEqualTo(4096);
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "4MiB", a, b, "--json");
    }

    @Test
    void aWriteIsTaggedFlushedAndTheMirrorStaysInSync() throws IOException {
        JsonNode w = cli.json("write", "vol", "--offset", "1000", "--length", "5000", "--seed", "3", "--json");
        assertThat(w.get("tag").asText()).isEqualTo("1:0");
        JsonNode status = cli.json("mirror", "status", "vol", "--json");
        assertThat(status.get("state").asText()).isEqualTo("in-sync");
        assertThat(status.get("devices")).hasSize(2).allSatisfy(d -> {
            assertThat(d.get("online").asBoolean()).isTrue();
            assertThat(d.get("entries").asLong()).isZero();
        });
        assertThat(cli.json("compare", "vol", "--json").get("bytesToCopy").asLong()).isZero();
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();
    }

    @Test
    void compareAndRepairFindAndCopyWhatAnOutageMissed() throws IOException {
        // device b "goes away": its directory is renamed, so the mirror opens degraded
        Path moved = tmp.resolve("b-away");
        Files.move(Path.of(b), moved);
        JsonNode w = cli.json("write", "vol", "--offset", "8192", "--length", "8192", "--json");
        assertThat(w.get("degraded").asBoolean()).isTrue();
        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("degraded");
        Files.move(moved, Path.of(b));

        JsonNode tags = cli.json("tags", a, "--json");
        assertThat(tags.get("count").asLong()).isEqualTo(1);
        assertThat(tags.get("entries").get(0).get("firstBlock").asLong()).isEqualTo(2);
        assertThat(cli.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("diverged");

        JsonNode compare = cli.json("compare", "vol", "--json");
        assertThat(compare.get("ranges")).singleElement().satisfies(r -> {
            assertThat(r.get("firstBlock").asLong()).isEqualTo(2);
            assertThat(r.get("blockCount").asLong()).isEqualTo(2);
            assertThat(r.get("verdict").asText()).isEqualTo("copy");
            assertThat(r.get("source").asText()).isEqualTo(a);
            assertThat(r.get("targets").get(0).asText()).isEqualTo(b);
        });
        assertThat(compare.get("bytesToCopy").asLong()).isEqualTo(8192);

        String before = digest(Path.of(b));
        JsonNode dry = cli.json("repair", "vol", "--json");
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(digest(Path.of(b))).as("repair without --yes changes nothing").isEqualTo(before);

        JsonNode repair = cli.json("repair", "vol", "--yes", "--json");
        assertThat(repair.get("bytesCopied").asLong()).isEqualTo(8192);
        assertThat(repair.get("rangesCopied").asInt()).isEqualTo(1);
        assertThat(repair.get("entriesDeleted").asLong()).isEqualTo(1);
        JsonNode verify = cli.json("verify", "vol", "--json");
        assertThat(verify.get("identical").asBoolean()).isTrue();
        assertThat(verify.get("blocksCompared").asLong()).isEqualTo(1024);
        assertThat(verify.get("differingBlocks").asLong()).isZero();
        assertThat(cli.json("history", "vol", "--json").get("history")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aLostCatalogIsRebuiltFromTheDevicesByImport() throws IOException {
        CliRunner fresh = new CliRunner(tmp.resolve("ws2"));
        JsonNode imported = fresh.json("mirror", "import", a, "--json");
        assertThat(imported.get("imported").get(0).get("devices")).hasSize(2);
        assertThat(fresh.json("mirror", "status", "vol", "--json").get("state").asText()).isEqualTo("in-sync");
    }

    @Test
    void badInputGetsOneClearLineAndChangesNothing() throws IOException {
        Path plain = tmp.resolve("plain");
        Files.createDirectories(plain);
        Files.writeString(plain.resolve("keep.txt"), "x");
        String before = digest(tmp.resolve("a"));

        assertThat(cli.run("device", "create", plain.toString())).isEqualTo(1);
        assertThat(cli.err).contains("not empty").doesNotContain("Exception").hasLineCount(1);
        assertThat(cli.run("device", "info", plain.toString())).isEqualTo(1);
        assertThat(cli.err).contains("is not a TagMirror device");
        assertThat(cli.run("mirror", "create", "x", "--size", "4MiB", a, a)).isEqualTo(1);
        assertThat(cli.err).contains("given twice");
        assertThat(cli.run("mirror", "create", "x", "--size", "lots", a, b)).as("a size that is not one is bad usage").isEqualTo(2);
        assertThat(cli.err).contains("not a size");
        assertThat(cli.run("write", "vol", "--offset", "4194300", "--length", "100")).isEqualTo(1);
        assertThat(cli.err).contains("past the end");
        assertThat(cli.run("write", "nope", "--offset", "0", "--length", "1")).isEqualTo(1);
        assertThat(cli.err).contains("no mirror named 'nope'");
        assertThat(cli.run("repair", "vol", "--yes", "--policy", "oldest")).isEqualTo(1);
        assertThat(cli.err).contains("policy is newest-sequence or prefer:DIR");
        assertThat(cli.run("write", "vol", "--offset", "0")).isEqualTo(2);
        assertThat(cli.err).contains("Missing required option");
        assertThat(digest(tmp.resolve("a"))).isEqualTo(before);
        assertThat(Files.readString(plain.resolve("keep.txt"))).isEqualTo("x");
    }

    @Test
    void aDeviceInUseByAnotherHolderIsRefusedNamingTheHolder() throws IOException {
        try (DirectoryDevice held = DirectoryDevice.open(Path.of(a), false)) {
            assertThat(cli.run("write", "vol", "--offset", "0", "--length", "10")).isEqualTo(1);
            assertThat(cli.err).contains("already open");
        }
        assertThat(cli.run("write", "vol", "--offset", "0", "--length", "10")).isZero();
    }

    @Test
    void aCountOfOneIsSaidInTheSingular() throws IOException {
        Path moved = tmp.resolve("b-away");
        Files.move(Path.of(b), moved);
        assertThat(cli.run("write", "vol", "--offset", "0", "--length", "1")).isZero();
        assertThat(cli.out.strip()).isEqualTo("wrote 1 byte at 0 with tag 1:0 (degraded: 1 device offline)");
        Files.move(moved, Path.of(b));

        assertThat(cli.run("mirror", "status", "vol")).isZero();
        assertThat(cli.out).contains(a + "  online, 1 entry").contains(b + "  online, 0 entries");
        assertThat(cli.run("tags", a)).isZero();
        assertThat(cli.out.strip()).endsWith("\n1 entry");
        assertThat(cli.run("compare", "vol")).isZero();
        assertThat(cli.out).startsWith("mirror vol: 1 divergent range, 4 KiB to copy, 0 conflicts");
        assertThat(cli.run("repair", "vol", "--yes")).isZero();
        assertThat(cli.out.strip()).isEqualTo("copied 4 KiB in 1 range, deleted 1 entry");
        assertThat(cli.run("replay", "vol", "--pattern", "sequential", "--count", "1")).isZero();
        assertThat(cli.out).startsWith("replayed 1 write (4 KiB)");
        assertThat(cli.run("read", "vol", "--offset", "0", "--length", "1", "--out", tmp.resolve("one.bin").toString()))
                .isZero();
        assertThat(cli.out).startsWith("read 1 byte at offset 0 from ");
    }

    /** A digest of every file under a directory except the lock, to prove a refusal touched nothing. */
    static String digest(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("lock"))
                    .sorted().toList()) {
                md.update(p.toString().getBytes());
                md.update(ByteBuffer.wrap(Files.readAllBytes(p)));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
