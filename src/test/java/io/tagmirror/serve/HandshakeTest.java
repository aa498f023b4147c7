package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fixed newstyle handshake and option haggling, option by option, and what a client that breaks them gets. */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class HandshakeTest {
    private static final long SIZE = 4L << 20;
    @TempDir
    Path tmp;
    private ServeFixture fx;
    private Path socket;

    @BeforeEach
    void serve() throws Exception {
        fx = new ServeFixture(tmp, SIZE);
        socket = fx.serve().socket();
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void unknownClientFlagsEndTheConnectionAndTheServerGoesOn() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE | 1 << 7);
            assertThat(c.closedByServer()).isTrue();
        }
        assertServes();
    }

    @Test
    void anOptionWithoutTheMagicEndsTheConnection() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            c.write(ByteBuffer.allocate(16).putLong(0x1122334455667788L).putInt(Nbd.OPT_GO).putInt(0).flip());
            assertThat(c.closedByServer()).isTrue();
        }
        assertServes();
    }

    @Test
    void anUnknownOptionIsUnsupportedAndHagglingGoesOn() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            c.option(42, new byte[] {1, 2, 3});
            NbdTestClient.OptionReply r = c.optionReply();
            assertThat(r.option()).isEqualTo(42);
            assertThat(r.type()).isEqualTo(Nbd.REP_ERR_UNSUP);
            c.option(Nbd.OPT_STARTTLS, new byte[0]);
            assertThat(c.optionReply().type()).as("STARTTLS without TLS configured").isEqualTo(Nbd.REP_ERR_POLICY);
            c.option(Nbd.OPT_ABORT, new byte[0]);
            assertThat(c.optionReply().type()).isEqualTo(Nbd.REP_ACK);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void listNamesTheExportAndRefusesData() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            c.option(Nbd.OPT_LIST, new byte[0]);
            NbdTestClient.OptionReply server = c.optionReply();
            assertThat(server.type()).isEqualTo(Nbd.REP_SERVER);
            ByteBuffer d = server.data();
            byte[] name = new byte[d.getInt()];
            d.get(name);
            assertThat(new String(name)).isEqualTo("vol1");
            assertThat(c.optionReply().type()).isEqualTo(Nbd.REP_ACK);
            c.option(Nbd.OPT_LIST, new byte[] {0});
            assertThat(c.optionReply().type()).isEqualTo(Nbd.REP_ERR_INVALID);
        }
    }

    @Test
    void infoGivesSizeFlagsBlockSizesNameAndDescriptionAndStaysInHaggling() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE | Nbd.FLAG_C_NO_ZEROES);
            c.option(Nbd.OPT_INFO, NbdTestClient.infoRequest("nope", new int[0]));
            assertThat(c.optionReply().type()).isEqualTo(Nbd.REP_ERR_UNKNOWN);
            c.option(Nbd.OPT_INFO, NbdTestClient.infoRequest("vol1", new int[] {Nbd.INFO_NAME, Nbd.INFO_DESCRIPTION}));
            boolean sawExport = false;
            boolean sawBlockSize = false;
            boolean sawName = false;
            boolean sawDescription = false;
            while (true) {
                NbdTestClient.OptionReply r = c.optionReply();
                if (r.type() == Nbd.REP_ACK) {
                    break;
                }
                assertThat(r.type()).isEqualTo(Nbd.REP_INFO);
                ByteBuffer d = r.data();
                switch (d.getShort()) {
                    case Nbd.INFO_EXPORT -> {
                        sawExport = true;
                        assertThat(d.getLong()).isEqualTo(SIZE);
                        int flags = Short.toUnsignedInt(d.getShort());
                        assertThat(flags & Nbd.FLAG_HAS_FLAGS).isNotZero();
                        assertThat(flags & Nbd.FLAG_CAN_MULTI_CONN).isNotZero();
                        assertThat(flags & Nbd.FLAG_READ_ONLY).isZero();
                        assertThat(flags & Nbd.FLAG_SEND_DF).as("DF only with structured replies").isZero();
                    }
                    case Nbd.INFO_BLOCK_SIZE -> {
                        sawBlockSize = true;
                        assertThat(new int[] {d.getInt(), d.getInt(), d.getInt()}).containsExactly(1, 4096, 32 << 20);
                    }
                    case Nbd.INFO_NAME -> sawName = new String(d.array(), 2, d.remaining()).equals("vol1");
                    case Nbd.INFO_DESCRIPTION -> sawDescription = new String(d.array(), 2, d.remaining()).startsWith("TagMirror mirror vol1");
                    default -> throw new AssertionError("unexpected info");
                }
            }
            assertThat(sawExport && sawBlockSize && sawName && sawDescription).isTrue();
            // still haggling: a malformed INFO is refused, then the default export by EXPORT_NAME
            c.option(Nbd.OPT_INFO, new byte[] {0, 0, 0, 9, 'x'});
            assertThat(c.optionReply().type()).isEqualTo(Nbd.REP_ERR_INVALID);
            c.option(Nbd.OPT_EXPORT_NAME, new byte[0]);
            ByteBuffer export = c.readN(10);
            assertThat(export.getLong()).isEqualTo(SIZE);
            c.size = SIZE;
            assertThat(c.read(0, 10)).hasSize(10);
        }
    }

    @Test
    void exportNameWithoutNoZeroesGetsTheZeroesAndAnUnknownNameEndsTheConnection() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            c.option(Nbd.OPT_EXPORT_NAME, "vol1".getBytes());
            ByteBuffer export = c.readN(134);
            assertThat(export.getLong()).isEqualTo(SIZE);
            export.getShort();
            while (export.hasRemaining()) {
                assertThat(export.get()).isZero();
            }
            assertThat(c.write(0, new byte[] {1}, 0)).isZero();
        }
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            c.option(Nbd.OPT_EXPORT_NAME, "vol2".getBytes());
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void structuredRepliesAreAcknowledgedAndAddDontFragment() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(socket, true)) {
            assertThat(c.transmissionFlags & Nbd.FLAG_SEND_DF).isNotZero();
            assertThat(c.read(4095, 3)).hasSize(3);
        }
    }

    @Test
    void aClientThatHangsUpMidHandshakeLeavesTheServerServing() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(socket)) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            c.write(ByteBuffer.allocate(10).putLong(Nbd.IHAVEOPT).putShort((short) 0).flip());
        }
        assertServes();
    }

    private void assertServes() throws Exception {
        try (NbdTestClient c = NbdTestClient.go(socket, false)) {
            assertThat(c.write(100, new byte[] {9, 9}, 0)).isZero();
            assertThat(c.read(100, 2)).containsExactly(9, 9);
        }
    }
}
