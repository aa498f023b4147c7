package io.tagmirror.serve;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Optional;

/**
 * One client, from its handshake to its disconnect, on a thread of its own: it reads the client's
 * options and requests; replies finished elsewhere go out on the connection's writer thread.
 */
final class ClientConnection implements Runnable {
    private final long id;
    private final SocketChannel channel;
    private final String remote;
    private final ServedMirror server;
    private final ClientStats stats = new ClientStats();
    private final Instant connected = Instant.now();
    private final InFlightBudget budget;
    private volatile Wire wire;

    ClientConnection(long id, SocketChannel channel, String remote, ServedMirror server, long budgetBytes) {
        this.id = id;
        this.channel = channel;
        this.remote = remote;
        this.server = server;
        this.budget = new InFlightBudget(budgetBytes);
        this.wire = new Wire.Plain(channel);
    }

    long id() {
        return id;
    }

    ServedClient snapshot() {
        return stats.snapshot(id, remote, connected, wire instanceof TlsWire);
    }

    /** Bytes this connection's requests hold now. */
    long heldBytes() {
        return budget.held();
    }

    @Override
    public void run() {
        try {
            Negotiation negotiation = new Negotiation(server.export(), server.tls(), channel);
            try {
                Optional<Negotiation.Negotiated> done = negotiation.run();
                wire = negotiation.wire();
                if (done.isPresent()) {
                    new Transmission(id, wire, done.get().structured(), server.export(), budget, server.budget(), stats).run();
                }
            } finally {
                wire = negotiation.wire();
            }
        } catch (IOException e) {
            // a client that hangs up, breaks the protocol or fails TLS loses its connection; the server goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                wire.close();
            } catch (IOException ignored) {
                // closing is all that was left
            }
            server.ended(this);
        }
    }

    /** Stops reading requests: those in flight are answered, then the connection closes. */
    void stopReading() {
        try {
            channel.shutdownInput();
        } catch (IOException alreadyClosed) {
            // nothing left to stop
        }
    }

    /** Drops the connection at once: for a client that does not take its last replies. */
    void drop() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
