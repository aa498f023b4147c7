package io.tagmirror.cli;

import io.tagmirror.operations.ServeOperation;
import io.tagmirror.serve.ControlProtocol;
import io.tagmirror.serve.ControlSocket;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What the control socket of {@code tagmirror serve} runs: the command line a client typed in another
 * terminal, here, against the mirror this process holds, so it prints and exits exactly as it would
 * have without a server. Only the commands that manage a mirror come this way; clients read and write
 * through the NBD socket.
 *
 * <p>The console serves a mirror with it too, so a command typed in a shell prints and exits the same
 * whichever process serves the mirror.
 *
 * <p>One request changes the mirror at a time (the others wait their turn); {@code mirror status}
 * never waits, so it can watch a long verify or a resync, nor does {@code mirror resync-rate}, so a
 * resync can be slowed while a verify runs.
 */
public final class ServedCommandLine implements ControlSocket.Handler {
    private static final Set<String> COMMANDS = Set.of("compare", "repair", "verify");
    private static final Set<String> MIRROR_COMMANDS = Set.of("status", "offline", "online", "resync-rate");
    /** What never waits for a request that changes the mirror: watching it, and slowing or speeding its resync. */
    private static final Set<String> NEVER_WAIT = Set.of("status", "resync-rate");

    private final HeldMirror held;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    ServedCommandLine(HeldMirror held) {
        this.held = held;
    }

    /**
     * What answers the control socket of a mirror served from the workspace at {@code workspaceDirectory}
     * (each request opens its own connection to that workspace's catalog).
     */
    public static Function<ServeOperation.Serving, ControlSocket.Handler> forServing(Path workspaceDirectory) {
        return serving -> new ServedCommandLine(new HeldMirror(serving, workspaceDirectory));
    }

    @Override
    public ControlProtocol.Reply handle(List<String> args, ControlSocket.Session session) {
        boolean mirrorCommand = args.size() >= 2 && args.get(0).equals("mirror") && MIRROR_COMMANDS.contains(args.get(1));
        if (!COMMANDS.contains(args.get(0)) && !mirrorCommand) {
            return new ControlProtocol.Reply("", "tagmirror: mirror " + held.name() + " is served here: only 'mirror status',"
                    + " 'mirror offline', 'mirror online', 'mirror resync-rate', 'compare', 'repair' and 'verify' reach it from another process;"
                    + " clients read and write through its NBD socket\n", ExitCode.FAILED.code());
        }
        boolean watchOnly = mirrorCommand && NEVER_WAIT.contains(args.get(1));
        if (!watchOnly) {
            oneAtATime.lock();
        }
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = TagMirrorCli.run(new PrintWriter(out), new PrintWriter(err), new StopRequest(), held, session,
                    args.toArray(String[]::new));
            return new ControlProtocol.Reply(out.toString(), err.toString(), code);
        } finally {
            if (!watchOnly) {
                oneAtATime.unlock();
            }
        }
    }
}
