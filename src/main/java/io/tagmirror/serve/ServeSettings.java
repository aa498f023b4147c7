package io.tagmirror.serve;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How a mirror is served.
 *
 * @param unixSocket the Unix socket to listen on (the workspace's {@code run/NAME.sock} by default)
 * @param tcpOrNull a TCP address to listen on too, or null
 * @param tlsOrNull TLS credentials: with them every client must start TLS before it gets anything
 * @param readOnly whether clients may only read
 * @param insecureListen whether a TCP address other than loopback may go without TLS
 */
public record ServeSettings(Path unixSocket, InetSocketAddress tcpOrNull, TlsCredentials tlsOrNull, boolean readOnly,
                            boolean insecureListen) {
    /** The port NBD has from IANA, for {@code --listen HOST} without one. */
    public static final int DEFAULT_PORT = 10809;
}
