package io.tagmirror.cli;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The socket systemd binds for a {@code Type=notify} service, bound by a test: a Unix datagram socket
 * at a path (or in the abstract namespace for a name starting with '@'), whose messages a test receives
 * one by one, with a timeout, as systemd would.
 */
public final class NotifySocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;

    static {
        Native.register("c");
    }

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    private static native int setsockopt(int fd, int level, int name, long[] value, int length) throws LastErrorException;

    private static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private final String name;
    private final Path path;
    private int fd;

    private NotifySocket(String name, Path path, int fd) {
        this.name = name;
        this.path = path;
        this.fd = fd;
    }

    /** Binds a socket at {@code path}. */
    public static NotifySocket bind(Path path) throws IOException {
        return open(path.toString(), path);
    }

    /** Binds a socket in the abstract namespace as {@code @name}. */
    public static NotifySocket bindAbstract(String name) throws IOException {
        return open("@" + name, null);
    }

    private static NotifySocket open(String name, Path path) throws IOException {
        byte[] bytes = (name.startsWith("@") ? "\0" + name.substring(1) : name).getBytes(StandardCharsets.UTF_8);
        ByteBuffer sockaddr = ByteBuffer.allocate(110).order(ByteOrder.nativeOrder());
        sockaddr.putShort((short) AF_UNIX).put(bytes);
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try {
            bind(fd, sockaddr.array(), 2 + bytes.length + (path == null ? 0 : 1));
        } catch (LastErrorException e) {
            close(fd);
            throw new IOException("bind " + name + ": errno " + e.getErrorCode());
        }
        return new NotifySocket(name, path, fd);
    }

    /** What {@code $NOTIFY_SOCKET} says for this socket. */
    public String name() {
        return name;
    }

    /** The next message, or empty when none came within {@code timeout}. */
    public Optional<String> receive(Duration timeout) {
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new long[] {timeout.toSeconds(), timeout.toMillisPart() * 1000L}, 16);
        byte[] buffer = new byte[4096];
        try {
            long n = recv(fd, buffer, buffer.length, 0);
            return Optional.of(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The messages until one contains {@code wanted}; fails when none did within {@code timeout} of each other. */
    public String awaitContaining(String wanted, Duration timeout) {
        StringBuilder seen = new StringBuilder();
        while (true) {
            Optional<String> m = receive(timeout);
            if (m.isEmpty()) {
                throw new AssertionError("no notification containing '" + wanted + "' within " + timeout + "; received: " + seen);
            }
            if (m.get().contains(wanted)) {
                return m.get();
            }
            seen.append('[').append(m.get()).append(']');
        }
    }

    @Override
    public void close() throws IOException {
        if (fd >= 0) {
            close(fd);
            fd = -1;
            if (path != null) {
                Files.deleteIfExists(path);
            }
        }
    }
}
