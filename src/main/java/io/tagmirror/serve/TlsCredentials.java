package io.tagmirror.serve;

import io.tagmirror.engine.TagMirrorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server's TLS identity, read from PEM files as qemu-nbd's and nbdkit's are: a certificate (chain),
 * its private key (PKCS#8, or an RSA key in PKCS#1), and optionally the CA whose certificates clients
 * must present.
 */
public final class TlsCredentials {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final SSLContext context;
    private final boolean clientCertificates;

    private TlsCredentials(SSLContext context, boolean clientCertificates) {
        this.context = context;
        this.clientCertificates = clientCertificates;
    }

    /** Reads the files; a file that is missing or not what it should be is refused with its path named. */
    public static TlsCredentials load(Path certificate, Path key, Path caOrNull) throws IOException {
        try {
            List<Certificate> chain = certificates(certificate, "--tls-cert");
            PrivateKey privateKey = privateKey(key);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = new char[0];
            keys.setKeyEntry("server", privateKey, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            TrustManagerFactory tmf = null;
            if (caOrNull != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caOrNull, "--tls-ca")) {
                    trusted.setCertificateEntry("ca" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return new TlsCredentials(context, caOrNull != null);
        } catch (GeneralSecurityException e) {
            throw new TagMirrorException("cannot use the TLS certificate " + certificate + " with key " + key + ": "
                    + e.getMessage() + "; check that the key belongs to the certificate", e);
        }
    }

    /** Whether clients must present a certificate signed by the CA given. */
    public boolean requiresClientCertificates() {
        return clientCertificates;
    }

    /** A server-side engine for one connection: TLS 1.2 or 1.3, a client certificate required when a CA was given. */
    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        engine.setNeedClientAuth(clientCertificates);
        return engine;
    }

    private static List<Certificate> certificates(Path file, String option) throws IOException, GeneralSecurityException {
        byte[] bytes = read(file, option);
        Collection<? extends Certificate> found;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            found = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new TagMirrorException(option + " " + file + " holds no PEM certificate (" + e.getMessage() + ")", e);
        }
        if (found.isEmpty()) {
            throw new TagMirrorException(option + " " + file + " holds no PEM certificate");
        }
        return new ArrayList<>(found);
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String text = new String(read(file, "--tls-key"), StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, der);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(file, rsaPkcs1ToPkcs8(der));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TagMirrorException("--tls-key " + file
                        + " is encrypted; give the key without a passphrase (openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // another block (a certificate kept beside the key): look further
                }
            }
        }
        throw new TagMirrorException("--tls-key " + file + " holds no PEM private key (BEGIN PRIVATE KEY or BEGIN RSA"
                + " PRIVATE KEY); convert it with 'openssl pkcs8 -topk8 -nocrypt'");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TagMirrorException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException notThisOne) {
                // try the next algorithm
            }
        }
        throw new TagMirrorException("--tls-key " + file + " is a private key of a kind this server cannot use"
                + " (RSA, EC and EdDSA keys work)");
    }

    /** Wraps a PKCS#1 RSA key in the PKCS#8 structure Java reads: the algorithm (rsaEncryption) and the key. */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.writeBytes(octets);
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] read(Path file, String option) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TagMirrorException(option + " " + file + " does not exist", e);
        }
    }
}
