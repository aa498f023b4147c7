package io.tagmirror.cli;

import io.tagmirror.engine.DurabilityMode;
import io.tagmirror.engine.Plural;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.operations.ResyncOperation;
import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ServeSettings;
import io.tagmirror.serve.ServedMirror;
import io.tagmirror.serve.TlsCredentials;
import io.tagmirror.workspace.Workspace;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tagmirror serve}: a mirror served over NBD until Ctrl-C or SIGTERM, so clients use it as a disk. */
@Command(name = "serve", description = {"Serve mirror NAME over NBD as a disk, for QEMU, nbdcopy, nbdfuse, fio or the"
        + " kernel's nbd client, until Ctrl-C or SIGTERM (which answer the requests in flight, flush, and remove the socket).",
        "By default on the Unix socket run/NAME.sock of the workspace (owner-only); --listen adds TCP, on loopback unless"
        + " a host is given. With --tls-cert and --tls-key every client must start TLS; with --tls-ca it must also show"
        + " a certificate that CA signed. Prints the URIs clients use and one line 'ready'.",
        "Then it prints a line when a client connects or leaves and when the mirror's state changes; started by systemd"
        + " (Type=notify, tagmirror-serve@.service) it tells systemd it is ready and keeps the line 'systemctl status'"
        + " shows current: the mirror's state, its members in sync, offline and resyncing, the clients, the writes per second."},
        mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--socket", paramLabel = "PATH", description = "the Unix socket to listen on (default: run/NAME.sock in the workspace)")
    Path socket;
    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "listen on TCP too: HOST, HOST:PORT, [IPv6]:PORT"
            + " or PORT alone for loopback (default port " + ServeSettings.DEFAULT_PORT + ")")
    String listen;
    @Option(names = "--tls-cert", paramLabel = "FILE", description = "the server's certificate (PEM); requires TLS of every client")
    Path tlsCert;
    @Option(names = "--tls-key", paramLabel = "FILE", description = "the certificate's private key (PEM, unencrypted)")
    Path tlsKey;
    @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate(s) (PEM): clients must present a certificate it signed")
    Path tlsCa;
    @Option(names = "--insecure-listen", description = "allow --listen on an address other than loopback without TLS")
    boolean insecureListen;
    @Option(names = "--read-only", description = "clients may only read")
    boolean readOnly;
    @Option(names = "--durability", defaultValue = "power-safe", description = "power-safe or crash-safe (default ${DEFAULT-VALUE})")
    String durability;
    @Option(names = "--resync-rate", paramLabel = "BYTES/s", converter = SizeOptions.Rate.class,
            description = "the most a member that comes back is resynchronised at, in the background while clients"
                    + " write (default 100MiB/s, as DRBD's c-max-rate)")
    long resyncRate = ResyncOperation.DEFAULT_RATE;

    @Override
    public Integer call() throws Exception {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "give --tls-cert and --tls-key together");
        }
        if (tlsCa != null && tlsCert == null) {
            throw new ParameterException(spec.commandLine(), "--tls-ca needs --tls-cert and --tls-key");
        }
        InetSocketAddress tcp = listen == null ? null : address(listen);
        DurabilityMode mode = DurabilityMode.parse(durability);
        TlsCredentials tls = tlsCert == null ? null : TlsCredentials.load(tlsCert, tlsKey, tlsCa);
        StopRequest stop = common.stopRequest();
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = common.openWorkspace()) {
            Path at = socket != null ? socket : ServeOperation.defaultSocket(ws, name);
            ServeSettings settings = new ServeSettings(at, tcp, tls, readOnly, insecureListen);
            // closed last, so the clients that leave as serving stops are logged too
            try (ServeStatus status = new ServeStatus(name, out, spec.commandLine().getErr(), common.json,
                    SystemdNotify.fromEnvironment(System.getenv()).orElse(null));
                 StopRequest.Listening listening = stop.listenForTermination();
                 ServeOperation.Serving serving = ServeOperation.start(ws, name, mode, settings, resyncRate,
                         ServedCommandLine.forServing(ws.directory()))) {
                ServedMirror served = serving.served();
                Map<String, Object> ready = new LinkedHashMap<>();
                ready.put("mirror", name);
                ready.put("sizeBytes", served.mirror().sizeBytes());
                ready.put("uris", served.uris());
                ready.put("control", serving.controlSocket().orElseThrow().toString());
                ready.put("readOnly", readOnly);
                ready.put("tls", tls != null);
                ready.put("clientCertificates", tls != null && tls.requiresClientCertificates());
                if (!common.json) {
                    for (String uri : served.uris()) {
                        out.println(uri);
                    }
                }
                common.print(out, ready, "ready: serving mirror " + name + " (" + Plural.of(served.mirror().sizeBytes(), "byte", "bytes")
                        + (readOnly ? ", read-only" : "") + (tls != null ? ", TLS required" : "") + "); Ctrl-C or SIGTERM stops");
                status.watch(serving);
                while (!stop.await(Duration.ofSeconds(1))) {
                    // serving happens on the server's threads; this one waits for the word to stop
                }
                int clients = served.clients().size();
                status.stopping(clients);
                spec.commandLine().getErr().println("tagmirror: stopping: answering the requests in flight of "
                        + Plural.of(clients, "client", "clients") + ", then flushing");
                spec.commandLine().getErr().flush();
            }
        }
        return ExitCode.OK.code();
    }

    /** HOST, HOST:PORT, [IPv6]:PORT or PORT (on loopback). */
    private InetSocketAddress address(String text) throws TagMirrorException {
        String host;
        String port;
        if (text.matches("\\d+")) {
            host = null;
            port = text;
        } else if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new ParameterException(spec.commandLine(), "--listen " + text + ": an IPv6 address ends with ]");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? null : "bad";
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        } else {
            host = text;
            port = null;
        }
        int p = ServeSettings.DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 0 || p > 65535) {
                throw new ParameterException(spec.commandLine(), "--listen " + text + ": the port is a number from 0 to 65535");
            }
        }
        if (host == null || host.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
        }
        return new InetSocketAddress(host, p);
    }

}
