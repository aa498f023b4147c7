package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandsTest {
    private static final long SIZE = 1 << 20;

    @TempDir
    Path tmp;
    CliRunner cli;
    String a;
    String b;

    @BeforeEach
    void mirror() throws IOException {
        cli = new CliRunner(tmp.resolve("ws"));
        a = tmp.resolve("a").toString();
        b = tmp.resolve("b").toString();
        cli.json("device", "create", a, "--json");
        cli.json("device", "create", b, "--json");
        cli.json("mirror", "create", "vol", "--size", "1MiB", a, b, "--json");
    }

    private static byte[] bytes(long seed, int length) {
        byte[] data = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            data[i] = (byte) r.nextInt(256);
        }
        return data;
    }

    private Path file(String name, byte[] data) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, data);
        return f;
    }

    @Test
    void aFileOfOddSizeWrittenAtAnUnalignedOffsetReadsBackIntoAFile() throws IOException {
        byte[] data = bytes(1, 5001);
        Path in = file("in.bin", data);
        Path out = tmp.resolve("out.bin");

        JsonNode written = cli.json("write", "vol", "--offset", "1234", "--from", in.toString(), "--json");
        JsonNode read = cli.json("read", "vol", "--offset", "1234", "--length", "5001", "--out", out.toString(), "--json");

        assertThat(written.get("length").asLong()).isEqualTo(5001);
        assertThat(written.get("writes").asLong()).isEqualTo(1);
        assertThat(written.get("from").asText()).isEqualTo(in.toString());
        assertThat(read.get("length").asLong()).isEqualTo(5001);
        assertThat(read.get("out").asText()).isEqualTo(out.toString());
        assertThat(read.get("readFrom")).hasSize(1);
        assertThat(read.get("degraded").asBoolean()).isFalse();
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(cli.json("verify", "vol", "--json").get("identical").asBoolean()).isTrue();

        assertThat(cli.run("write", "vol", "--offset", "0", "--from", in.toString())).isZero();
        assertThat(cli.out).startsWith("wrote 5001 bytes of " + in + " at offset 0 in 1 tagged write (tag ");
    }

    @Test
    void standardInputIsWrittenAndStandardOutputGetsTheBytesAloneWithTheSummaryOnStandardError() throws IOException {
        byte[] data = bytes(2, 70_000);
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(data));
            assertThat(cli.run("write", "vol", "--offset", "777", "--from", "-")).isZero();
            assertThat(cli.out).contains("70000 bytes of standard input at offset 777");
            System.setOut(new PrintStream(captured, true));
            assertThat(cli.run("read", "vol", "--offset", "777", "--length", "70000", "--json")).isZero();
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertThat(captured.toByteArray()).isEqualTo(data);
        assertThat(cli.out).isEmpty();
        assertThat(cli.err).contains("\"length\":70000").contains("\"out\":\"-\"");
    }

    @Test
    void anAppendedFileReadsBackAtTheOldEndAndTheNewLengthIsPrinted() throws IOException {
        byte[] data = bytes(3, 3000);
        Path in = file("tail.bin", data);

        JsonNode appended = cli.json("append", "vol", "--from", in.toString(), "--json");

        assertThat(appended.get("offset").asLong()).isEqualTo(SIZE);
        assertThat(appended.get("length").asLong()).isEqualTo(3000);
        assertThat(appended.get("newLength").asLong()).isEqualTo(SIZE + 4096);
        Path out = tmp.resolve("back.bin");
        cli.json("read", "vol", "--offset", Long.toString(SIZE), "--length", "3000", "--out", out.toString(), "--json");
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
        assertThat(cli.run("append", "vol", "--from", in.toString())).isZero();
        assertThat(cli.out.strip()).isEqualTo("appended 3000 bytes of " + in + " at offset " + (SIZE + 4096)
                + "; mirror vol is now " + (SIZE + 8192) + " bytes");
    }

    @Test
    void whatAMemberMissedIsReadFromTheOtherAndARangeNoMemberHoldsIsRefused() throws IOException {
        cli.json("write", "vol", "--offset", "0", "--from", file("old.bin", bytes(4, 64 * 1024)).toString(), "--json");
        // b is unplugged while the first 16 KiB are rewritten, then comes back holding the old bytes
        Path away = tmp.resolve("b-away");
        Files.move(Path.of(b), away);
        byte[] newer = bytes(5, 16 * 1024);
        assertThat(cli.json("write", "vol", "--offset", "0", "--from", file("new.bin", newer).toString(), "--json")
                .get("degraded").asBoolean()).isTrue();
        Files.move(away, Path.of(b));
        Path out = tmp.resolve("read.bin");

        JsonNode read = cli.json("read", "vol", "--offset", "0", "--length", "16384", "--out", out.toString(), "--json");

        assertThat(Files.readAllBytes(out)).isEqualTo(newer);
        assertThat(read.get("readFrom").get(0).asText()).isEqualTo(a);

        // a's copy is then damaged behind TagMirror's back: neither member holds the newest write
        try (Stream<Path> objects = Files.list(Path.of(a, "objects"));
             FileChannel ch = FileChannel.open(objects.findFirst().orElseThrow(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes(6, 4096)), 4096);
        }
        Files.delete(out);
        assertThat(cli.run("read", "vol", "--offset", "0", "--length", "16384", "--out", out.toString())).isEqualTo(1);
        assertThat(cli.err).hasLineCount(1)
                .contains("blocks 1 of mirror vol differ between its devices")
                .contains("no device is known to hold their current data");
        assertThat(out).doesNotExist();
    }

    @Test
    void badInputIsRefusedInOneLineAndChangesNothing() throws IOException {
        Path in = file("in.bin", bytes(7, 100));
        Path empty = file("empty.bin", new byte[0]);
        assertBad("offset 1048576 is past the end of mirror vol", "write", "vol", "--offset", "1048576", "--from", in.toString());
        assertThat(cli.run("write", "vol", "--offset", "-5", "--from", in.toString())).as("a negative offset is not a size")
                .isEqualTo(2);
        assertThat(cli.err).contains("'-5' is not a size");
        assertBad("input file " + tmp.resolve("nope.bin") + " does not exist",
                "write", "vol", "--offset", "0", "--from", tmp.resolve("nope.bin").toString());
        assertBad("input " + tmp + " is a directory", "append", "vol", "--from", tmp.toString());
        assertBad(empty + " is empty; there is nothing to write", "write", "vol", "--offset", "0", "--from", empty.toString());
        assertBad(empty + " is empty; there is nothing to append", "append", "vol", "--from", empty.toString());
        assertBad("holds 100 bytes, which at offset 1048500 run past the end of mirror vol (1048576 bytes); nothing was written",
                "write", "vol", "--offset", "1048500", "--from", in.toString());
        assertThat(cli.run("write", "vol", "--offset", "0", "--from", in.toString(), "--length", "5")).isEqualTo(2);
        assertThat(cli.err).contains("give --from FILE or --length (seeded data), not both").contains("try: tagmirror write --help");
        assertBad("reading 2 bytes at offset 1048575 runs past the end of mirror vol (1048576 bytes)",
                "read", "vol", "--offset", "1048575", "--length", "2", "--out", tmp.resolve("o").toString());
        assertBad("the length to read must be positive, not 0", "read", "vol", "--offset", "0", "--length", "0",
                "--out", tmp.resolve("o").toString());
        assertBad("--out " + tmp + " is a directory; name a file", "read", "vol", "--offset", "0", "--length", "1",
                "--out", tmp.toString());
        assertThat(tmp.resolve("o")).doesNotExist();
        Path all = tmp.resolve("all.bin");
        cli.json("read", "vol", "--offset", "0", "--length", Long.toString(SIZE), "--out", all.toString(), "--json");
        assertThat(Files.readAllBytes(all)).as("no refused write touched the mirror").containsOnly(0);
    }

    private void assertBad(String message, String... args) {
        assertThat(cli.run(args)).as(String.join(" ", args)).isEqualTo(1);
        assertThat(cli.err).hasLineCount(1).contains(message);
    }
}
