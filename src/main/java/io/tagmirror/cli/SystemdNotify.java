package io.tagmirror.cli;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Tells systemd how a service is, as {@code sd_notify(3)} does: {@code READY=1} once it serves,
 * {@code STATUS=...} (the line {@code systemctl status} shows), {@code STOPPING=1} as it stops. The
 * messages go as datagrams to the Unix socket systemd names in {@code $NOTIFY_SOCKET} for a unit of
 * {@code Type=notify}.
 *
 * <p>Through JNA's libc: Java 17 opens Unix sockets of the stream kind only, and systemd's socket is a
 * datagram one. libsystemd is not linked: the protocol is one {@code sendto} of {@code KEY=VALUE} lines.
 */
final class SystemdNotify {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(struct sockaddr_un)} on Linux: the family, then 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int PATH_MAX = SOCKADDR_UN_SIZE - 2;

    /** libc through JNA, loaded at the first notification: a serve that systemd did not start never loads it. */
    private static final class Libc {
        static {
            Native.register("c");
        }

        private Libc() {
        }

        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        static native int close(int fd) throws LastErrorException;
    }

    private final String socketName;
    private final byte[] address;
    private final int addressLength;

    private SystemdNotify(String socketName) {
        this.socketName = socketName;
        // '@' names a socket in the abstract namespace: a leading NUL, and the length counts no terminator.
        boolean abstractName = socketName.startsWith("@");
        byte[] path = (abstractName ? "\0" + socketName.substring(1) : socketName).getBytes(StandardCharsets.UTF_8);
        ByteBuffer sockaddr = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        sockaddr.putShort((short) AF_UNIX).put(path);
        this.address = sockaddr.array();
        this.addressLength = 2 + path.length + (abstractName ? 0 : 1);
    }

    /**
     * The notifier of the socket {@code environment} names in {@code NOTIFY_SOCKET}; empty when there is
     * none (not started by systemd, or by a unit of another type) or it is not a Unix socket's name.
     */
    static Optional<SystemdNotify> fromEnvironment(Map<String, String> environment) {
        String name = environment.get("NOTIFY_SOCKET");
        if (name == null || name.isEmpty() || !(name.startsWith("/") || name.startsWith("@"))
                || name.getBytes(StandardCharsets.UTF_8).length > PATH_MAX - 1) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotify(name));
    }

    /** The socket's name, as {@code $NOTIFY_SOCKET} gave it. */
    String socketName() {
        return socketName;
    }

    /** Sends {@code state} ({@code KEY=VALUE} lines) in one datagram; refused when the socket takes none. */
    void send(String state) throws IOException {
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        int fd;
        try {
            fd = Libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a datagram socket for systemd's notifications (errno " + e.getErrorCode() + ")");
        } catch (LinkageError e) {
            throw new IOException("cannot load the C library to notify systemd (" + e.getMessage() + ")");
        }
        try {
            Libc.sendto(fd, message, message.length, MSG_NOSIGNAL, address, addressLength);
        } catch (LastErrorException e) {
            throw new IOException("cannot notify systemd on " + socketName + " (errno " + e.getErrorCode() + ")");
        } finally {
            try {
                Libc.close(fd);
            } catch (LastErrorException ignored) {
                // the datagram went or not; the descriptor is released either way
            }
        }
    }

    /** One line of {@code STATUS=}: systemd shows it as it is, so no line break may end it early. */
    static String status(String line) {
        return "STATUS=" + line.replace('\n', ' ');
    }
}
