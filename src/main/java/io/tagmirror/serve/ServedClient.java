package io.tagmirror.serve;

import java.time.Instant;

/**
 * One connected client as an administrator sees it, counted since it connected: reads and writes
 * (requests and bytes), flushes, errors answered, and the summed time from a request's arrival to its
 * reply, from which two snapshots give rates and mean latency.
 *
 * @param id the server's number for the connection, from 1
 * @param remote where the client connects from ("unix socket" or host:port)
 * @param tls whether the connection runs TLS
 */
public record ServedClient(long id, String remote, Instant connected, boolean tls, long reads, long bytesRead,
                           long writes, long bytesWritten, long flushes, long errors, long answered,
                           long latencyNanos) {
}
