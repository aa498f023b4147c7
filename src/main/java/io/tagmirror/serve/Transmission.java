package io.tagmirror.serve;

import io.tagmirror.engine.TagMirrorException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The transmission phase of one connection: its thread reads requests and starts each; replies go out
 * as requests complete, in any order. A read is done on this thread and answered at once; a write is
 * handed to the engine and answered when every online member has it (after a flush, with FUA); a flush
 * is answered by the flush thread. Nothing is acknowledged before the engine says it is written.
 */
final class Transmission {
    private final long id;
    private final Wire wire;
    private final BufferedInput input;
    private final boolean structured;
    private final Export export;
    private final InFlightBudget connectionBudget;
    private final InFlightBudget serverBudget;
    private final ClientStats stats;
    private Replies replies;
    private final Object outstandingLock = new Object();
    private int outstanding;

    Transmission(long id, Wire wire, boolean structured, Export export, InFlightBudget connectionBudget,
                 InFlightBudget serverBudget, ClientStats stats) {
        this.id = id;
        this.wire = wire;
        this.input = new BufferedInput(wire);
        this.structured = structured;
        this.export = export;
        this.connectionBudget = connectionBudget;
        this.serverBudget = serverBudget;
        this.stats = stats;
    }

    /**
     * Serves requests until the client disconnects ({@code NBD_CMD_DISC}, a hang-up) or breaks the
     * protocol, then waits for every request in flight to be answered.
     */
    void run() throws IOException, InterruptedException {
        replies = new Replies(wire, "nbd-reply-" + id);
        try {
            serve();
        } catch (EOFException hungUp) {
            // the client went away, or the server stops reading: answer what is in flight, then close
        } finally {
            awaitOutstanding();
            replies.finish();
        }
    }

    private void serve() throws IOException, InterruptedException {
        ByteBuffer head = ByteBuffer.allocate(Nbd.REQUEST_HEADER_BYTES);
        while (!replies.broken()) {
            head.clear();
            input.readFully(head);
            long started = System.nanoTime();
            head.flip();
            if (head.getInt() != Nbd.REQUEST_MAGIC) {
                throw new Negotiation.ProtocolViolation("a request without the request magic");
            }
            int flags = Short.toUnsignedInt(head.getShort());
            int type = Short.toUnsignedInt(head.getShort());
            long cookie = head.getLong();
            long offset = head.getLong();
            long length = Integer.toUnsignedLong(head.getInt());
            if (type == Nbd.CMD_DISC) {
                return;
            }
            Request r = new Request(type, flags, cookie, offset, length, started);
            int error = check(r);
            if (error != 0) {
                if (type == Nbd.CMD_WRITE) {
                    input.skip(length);
                }
                answerNow(r, take(0), Frames.error(structured, cookie, error, refusal(r, error)), false);
                continue;
            }
            switch (type) {
                case Nbd.CMD_READ -> read(r);
                case Nbd.CMD_WRITE -> write(r);
                case Nbd.CMD_FLUSH -> flush(r);
                case Nbd.CMD_TRIM, Nbd.CMD_WRITE_ZEROES -> zeroes(r);
                default -> throw new IllegalStateException("checked command " + type);
            }
        }
    }

    /** One request as read. */
    private record Request(int type, int flags, long cookie, long offset, long length, long started) {
        boolean fua() {
            return (flags & Nbd.CMD_FLAG_FUA) != 0;
        }
    }

    /** The error a request gets before anything is done for it, or 0 when it may go on. */
    private int check(Request r) {
        int allowed = switch (r.type()) {
            case Nbd.CMD_READ -> Nbd.CMD_FLAG_FUA | (structured ? Nbd.CMD_FLAG_DF : 0);
            case Nbd.CMD_WRITE, Nbd.CMD_TRIM, Nbd.CMD_FLUSH -> Nbd.CMD_FLAG_FUA;
            case Nbd.CMD_WRITE_ZEROES -> Nbd.CMD_FLAG_FUA | Nbd.CMD_FLAG_NO_HOLE;
            default -> -1;
        };
        if (allowed < 0 || (r.flags() & ~allowed) != 0) {
            return Nbd.EINVAL;
        }
        boolean writes = r.type() == Nbd.CMD_WRITE || r.type() == Nbd.CMD_TRIM || r.type() == Nbd.CMD_WRITE_ZEROES;
        if (writes && export.readOnly()) {
            return Nbd.EPERM;
        }
        if (r.type() == Nbd.CMD_FLUSH) {
            return r.offset() == 0 && r.length() == 0 ? 0 : Nbd.EINVAL;
        }
        if ((r.type() == Nbd.CMD_READ || r.type() == Nbd.CMD_WRITE) && r.length() > Nbd.MAX_PAYLOAD) {
            return Nbd.EINVAL;
        }
        long size = export.sizeBytes();
        if (r.offset() < 0 || r.offset() > size || r.length() > size - r.offset()) {
            return r.type() == Nbd.CMD_WRITE || r.type() == Nbd.CMD_WRITE_ZEROES ? Nbd.ENOSPC : Nbd.EINVAL;
        }
        return 0;
    }

    private String refusal(Request r, int error) {
        return switch (error) {
            case Nbd.EPERM -> "the export " + export.name() + " is read-only";
            case Nbd.ENOSPC -> "the request passes the end of the export (" + export.sizeBytes() + " bytes)";
            case Nbd.EINVAL -> r.length() > Nbd.MAX_PAYLOAD ? "the request is larger than the maximum of "
                    + Nbd.MAX_PAYLOAD + " bytes" : "invalid request (command " + r.type() + ", flags " + r.flags()
                    + ", offset " + r.offset() + ", length " + r.length() + ")";
            default -> "error " + error;
        };
    }

    private void read(Request r) throws IOException, InterruptedException {
        int cost = take(r.length());
        ByteBuffer data;
        try {
            data = r.length() == 0 ? ByteBuffer.allocate(0) : export.read(r.offset(), (int) r.length());
        } catch (IOException | RuntimeException e) {
            answerNow(r, cost, Frames.error(structured, r.cookie(), Nbd.EIO, message(e)), false);
            return;
        }
        stats.reads.increment();
        stats.bytesRead.add(r.length());
        answerNow(r, cost, Frames.read(structured, r.cookie(), r.offset(), data), true);
    }

    private void write(Request r) throws IOException, InterruptedException {
        int cost = take(r.length());
        ByteBuffer data = ByteBuffer.allocate((int) r.length());
        try {
            input.readFully(data);
        } catch (IOException e) {
            give(cost);
            throw e;
        }
        data.flip();
        if (r.length() == 0) {
            answerNow(r, cost, new ByteBuffer[] {Frames.simple(r.cookie(), 0)}, true);
            return;
        }
        if (writesHere(r)) {
            try {
                export.writeHere(r.offset(), data);
            } catch (IOException | RuntimeException e) {
                answerNow(r, cost, Frames.error(structured, r.cookie(), Nbd.EIO, message(e)), false);
                return;
            }
            stats.writes.increment();
            stats.bytesWritten.add(r.length());
            answerNow(r, cost, new ByteBuffer[] {Frames.simple(r.cookie(), 0)}, true);
            return;
        }
        CompletableFuture<?> written;
        try {
            written = export.write(r.offset(), data);
        } catch (IOException | RuntimeException e) {
            answerNow(r, cost, Frames.error(structured, r.cookie(), Nbd.EIO, message(e)), false);
            return;
        }
        stats.writes.increment();
        stats.bytesWritten.add(r.length());
        answerLater(r, cost, written);
    }

    /**
     * Whether a write is made on this thread and answered from it: when nothing else of this client is
     * in flight and no further request of it has arrived, the client is waiting for this reply alone
     * (queue depth 1), and handing the write to the devices' threads, then the reply to the reply
     * thread, would cost it three wake-ups of some 10 µs each on a small virtual machine. A client
     * that keeps several requests in flight shows it by sending the next before this one is answered:
     * its writes go on being made beside each other. Only short writes: a long one's data is read
     * straight from the socket, so nothing says whether more requests wait behind it, and its own
     * copying dwarfs the wake-ups. A write with FUA keeps the path that flushes before answering, and
     * so does every write of a mirror whose commits wait for a sync on the devices' threads (power-safe
     * without intent extents): there this thread would only wait, and the client's next request with it.
     *
     * <p>The price: while the write is made here, a request the client sends meanwhile waits on the
     * socket for it, some 60-100 µs, or as long as a stalled member holds the write (with the
     * devices' threads a read of other blocks was answered meanwhile; a stall holds that write's reply
     * either way).
     */
    private boolean writesHere(Request r) {
        if (r.fua() || r.length() >= BufferedInput.DIRECT_READ_BYTES || input.holdsUnread()
                || !export.writesOnCaller()) {
            return false;
        }
        synchronized (outstandingLock) {
            return outstanding == 0;
        }
    }

    private void zeroes(Request r) throws IOException, InterruptedException {
        int cost = take(0);
        if (r.length() == 0) {
            answerNow(r, cost, new ByteBuffer[] {Frames.simple(r.cookie(), 0)}, true);
            return;
        }
        CompletableFuture<?> written;
        try {
            written = export.writeZeroes(r.offset(), r.length());
        } catch (IOException | RuntimeException e) {
            answerNow(r, cost, Frames.error(structured, r.cookie(), Nbd.EIO, message(e)), false);
            return;
        }
        stats.writes.increment();
        answerLater(r, cost, written);
    }

    private void flush(Request r) throws InterruptedException {
        int cost = take(0);
        stats.flushes.increment();
        begin();
        export.flush().whenComplete((ok, failure) -> reply(r, cost, failure));
    }

    /** Answers when {@code done} completes, after a flush when the request asked for FUA. */
    private void answerLater(Request r, int cost, CompletableFuture<?> done) {
        begin();
        done.whenComplete((ok, failure) -> {
            if (failure == null && r.fua()) {
                export.flush().whenComplete((flushed, flushFailure) -> reply(r, cost, flushFailure));
            } else {
                reply(r, cost, failure);
            }
        });
    }

    /** Queues the reply of a request begun with {@link #begin()}; on the thread that completed it. */
    private void reply(Request r, int cost, Throwable failure) {
        ByteBuffer[] frames = failure == null ? new ByteBuffer[] {Frames.simple(r.cookie(), 0)}
                : Frames.error(structured, r.cookie(), Nbd.EIO, message(failure));
        replies.send(new Replies.Reply(frames, () -> answering(r, failure == null), () -> sent(cost)));
    }

    /** Sends a reply from this thread now (or queues it behind others). */
    private void answerNow(Request r, int cost, ByteBuffer[] frames, boolean ok) {
        begin();
        replies.sendNow(new Replies.Reply(frames, () -> answering(r, ok), () -> sent(cost)));
    }

    private void answering(Request r, boolean ok) {
        if (!ok) {
            stats.errors.increment();
        }
        stats.answered.increment();
        stats.latencyNanos.add(System.nanoTime() - r.started());
    }

    private void sent(int cost) {
        give(cost);
        synchronized (outstandingLock) {
            if (--outstanding == 0) {
                outstandingLock.notifyAll();
            }
        }
    }

    private void begin() {
        synchronized (outstandingLock) {
            outstanding++;
        }
    }

    private void awaitOutstanding() throws InterruptedException {
        synchronized (outstandingLock) {
            while (outstanding > 0) {
                outstandingLock.wait();
            }
        }
    }

    private int take(long payload) throws InterruptedException {
        // a request larger than a whole budget takes all of it, rather than wait for ever
        int cost = Math.min(InFlightBudget.cost(payload), Math.min(connectionBudget.units(), serverBudget.units()));
        // the connection's share first, so one client can hold at most its own part of the server's
        connectionBudget.acquire(cost);
        try {
            serverBudget.acquire(cost);
        } catch (InterruptedException e) {
            connectionBudget.release(cost);
            throw e;
        }
        return cost;
    }

    private void give(int cost) {
        serverBudget.release(cost);
        connectionBudget.release(cost);
    }

    /** The line a client's error reply carries: the administrator's sentence, without a stack trace. */
    private static String message(Throwable failure) {
        Throwable shown = TagMirrorException.causeOf(failure);
        String m = shown.getMessage();
        return m == null ? shown.getClass().getSimpleName() : TagMirrorException.firstLine(m);
    }
}
