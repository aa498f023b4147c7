package io.tagmirror.serve;

import io.tagmirror.engine.TagMirrorException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The Unix socket a mirror is served on: made owner-only (mode 0600, in an owner-only directory); a
 * socket a live server listens on is refused, one left by a server that died is removed first.
 */
final class UnixSocketFile {
    private UnixSocketFile() {
    }

    /** Binds a listening socket at {@code path}. */
    static ServerSocketChannel bind(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (live(path)) {
                throw new TagMirrorException("a server is listening on " + path + " already (is the mirror served"
                        + " in another terminal?); stop it first, or give another --socket");
            }
            // nothing answers: a server that ended without cleaning up left it
            Files.delete(path);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException | IllegalArgumentException e) {
            server.close();
            throw new TagMirrorException("cannot listen on " + path + ": " + e.getMessage()
                    + (path.toString().length() > 100 ? " (a Unix socket path may have at most 107 bytes; give a shorter --socket)" : ""), e);
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return server;
    }

    /** Whether a server accepts connections on {@code path}. */
    private static boolean live(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
