package io.tagmirror.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Certificates made with openssl for one test: a CA, a server certificate it signed (localhost,
 * 127.0.0.1), a client certificate it signed, and a client certificate another CA signed. Client
 * directories are laid out as libnbd and QEMU read them (ca-cert.pem, client-cert.pem, client-key.pem).
 */
final class TestCertificates {
    final Path dir;
    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    /** What a client with the right certificate holds. */
    final Path goodClient;
    /** A client whose certificate another CA signed. */
    final Path wrongClient;
    /** A client that trusts the CA but has no certificate of its own. */
    final Path noCertificate;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caCert = dir.resolve("ca-cert.pem");
        this.serverCert = dir.resolve("server-cert.pem");
        this.serverKey = dir.resolve("server-key.pem");
        this.goodClient = dir.resolve("good");
        this.wrongClient = dir.resolve("wrong");
        this.noCertificate = dir.resolve("none");
    }

    static TestCertificates make(Path dir) throws IOException, InterruptedException {
        Tools.require("openssl", "openssl");
        Files.createDirectories(dir);
        TestCertificates c = new TestCertificates(dir);
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca-cert.pem",
                "-days", "2", "-subj", "/CN=TagMirror test CA");
        c.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca-key.pem", "-out", "other-ca-cert.pem",
                "-days", "2", "-subj", "/CN=Some other CA");
        c.signed("server", "localhost", "ca", "server.ext");
        c.signed("client", "client", "ca", "client.ext");
        c.signed("intruder", "intruder", "other-ca", "client.ext");
        for (Path d : new Path[] {c.goodClient, c.wrongClient, c.noCertificate}) {
            Files.createDirectories(d);
            Files.copy(c.caCert, d.resolve("ca-cert.pem"));
        }
        Files.copy(dir.resolve("client-cert.pem"), c.goodClient.resolve("client-cert.pem"));
        Files.copy(dir.resolve("client-key.pem"), c.goodClient.resolve("client-key.pem"));
        Files.copy(dir.resolve("intruder-cert.pem"), c.wrongClient.resolve("client-cert.pem"));
        Files.copy(dir.resolve("intruder-key.pem"), c.wrongClient.resolve("client-key.pem"));
        return c;
    }

    private void signed(String name, String commonName, String ca, String extensions) throws IOException, InterruptedException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem", "-out", name + ".csr", "-subj", "/CN=" + commonName);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + "-cert.pem", "-CAkey", ca + "-key.pem", "-CAcreateserial",
                "-out", name + "-cert.pem", "-days", "2", "-extfile", extensions);
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Tools.Run r = Tools.run(dir, command);
        assertThat(r.exit()).as(r.out()).isZero();
    }
}
