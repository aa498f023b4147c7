package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with certificates openssl made: a client with a certificate the CA signed connects (libnbd and
 * QEMU); one without TLS, without a certificate, or with another CA's gets nothing; the same on TCP.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TlsTest {
    private static final long SIZE = 16L << 20;
    @TempDir
    Path tmp;
    private ServeFixture fx;
    private TestCertificates certs;
    private ServedMirror served;

    @BeforeEach
    void serve() throws Exception {
        fx = new ServeFixture(tmp, SIZE);
        certs = TestCertificates.make(tmp.resolve("certs"));
        TlsCredentials tls = TlsCredentials.load(certs.serverCert, certs.serverKey, certs.caCert);
        served = fx.serve(new ServeSettings(fx.unixOnly(false).unixSocket(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tls, false, false));
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void aClientWithACertificateTheCaSignedCopiesAnImageInAndOut() throws Exception {
        Tools.require("nbdcopy", "libnbd-bin");
        assertThat(served.uris()).allMatch(u -> u.startsWith("nbds"));
        String uri = served.uris().get(0) + "&tls-certificates=" + certs.goodClient;
        Tools.Run info = Tools.run(tmp, "nbdinfo", uri);
        assertThat(info.exit()).as(info.out()).isZero();
        assertThat(info.out()).contains("with TLS", "export-size: " + SIZE);

        byte[] data = new byte[(int) SIZE];
        new Random(5).nextBytes(data);
        Path image = Files.write(tmp.resolve("in.img"), data);
        Tools.Run in = Tools.run(tmp, "nbdcopy", image.toString(), uri);
        assertThat(in.exit()).as(in.out()).isZero();
        // and back over TCP, TLS too
        String tcp = served.uris().get(1) + "?tls-certificates=" + certs.goodClient;
        Path back = tmp.resolve("back.img");
        Tools.Run out = Tools.run(tmp, "nbdcopy", tcp, back.toString());
        assertThat(out.exit()).as(out.out()).isZero();
        assertThat(Files.mismatch(image, back)).isEqualTo(-1);
        assertThat(fx.verify().identical()).isTrue();
    }

    @Test
    void clientsWithoutTlsWithoutACertificateOrWithAnotherCasGetNothing() throws Exception {
        Tools.require("nbdinfo", "libnbd-bin");
        String plain = served.uris().get(0).replace("nbds+unix", "nbd+unix");
        Tools.Run noTls = Tools.run(tmp, "nbdinfo", plain);
        assertThat(noTls.exit()).as(noTls.out()).isNotZero();
        assertThat(noTls.out()).doesNotContain("export-size");
        for (Path client : new Path[] {certs.wrongClient, certs.noCertificate}) {
            Tools.Run r = Tools.run(tmp, "nbdinfo", served.uris().get(0) + "&tls-certificates=" + client);
            assertThat(r.exit()).as("%s: %s", client, r.out()).isNotZero();
            assertThat(r.out()).doesNotContain("export-size");
        }
    }

    @Test
    void withoutStartTlsEveryOptionIsRefusedAndExportNameEndsTheConnection() throws Exception {
        try (NbdTestClient c = NbdTestClient.open(served.socket())) {
            c.clientFlags(Nbd.FLAG_C_FIXED_NEWSTYLE);
            for (int option : new int[] {Nbd.OPT_GO, Nbd.OPT_INFO, Nbd.OPT_LIST, Nbd.OPT_STRUCTURED_REPLY, 42}) {
                c.option(option, option == Nbd.OPT_GO || option == Nbd.OPT_INFO ? NbdTestClient.infoRequest("vol1", new int[0]) : new byte[0]);
                assertThat(c.optionReply().type()).as("option %d", option).isEqualTo(Nbd.REP_ERR_TLS_REQD);
            }
            c.option(Nbd.OPT_EXPORT_NAME, "vol1".getBytes());
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void qemuConnectsWithItsX509Credentials() throws Exception {
        Tools.require("qemu-img", "qemu-utils");
        Tools.Run info = Tools.run(tmp, "qemu-img", "info", "--object",
                "tls-creds-x509,id=tls0,dir=" + certs.goodClient + ",endpoint=client", "--image-opts",
                "driver=nbd,path=" + served.socket() + ",export=vol1,tls-creds=tls0,tls-hostname=localhost");
        assertThat(info.exit()).as(info.out()).isZero();
        assertThat(info.out()).contains("virtual size: 16 MiB");
    }

    @Test
    void anAddressOtherThanLoopbackWithoutTlsIsRefusedBeforeAnythingListens(@TempDir Path other) throws Exception {
        fx.stop();
        ServeSettings wide = new ServeSettings(other.resolve("x.sock"), new InetSocketAddress("0.0.0.0", 0), null, false, false);
        assertThatThrownBy(() -> fx.serve(wide)).isInstanceOf(TagMirrorException.class)
                .hasMessageContaining("not a loopback address").hasMessageContaining("--insecure-listen");
        assertThat(other.resolve("x.sock")).doesNotExist();
    }
}
