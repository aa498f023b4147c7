package io.tagmirror.cli;

import io.tagmirror.operations.MirrorEvent;
import io.tagmirror.operations.MirrorWatch;
import io.tagmirror.workspace.Json;
import io.tagmirror.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tagmirror monitor}: watches the workspace's mirrors and tells of what happens to them, as {@code mdadm --monitor}. */
@Command(name = "monitor", mixinStandardHelpOptions = true, description = {
        "Watch the workspace's mirrors and tell of each event: member-failed, member-offline, member-back-stale,"
                + " resync-finished, verify-differences, conflict, log-incomplete. Each is printed on standard output, and given to"
                + " --program (its arguments: the event, the mirror and the member's path; the event as JSON on standard"
                + " input) and to the system log with --syslog.",
        "The first check tells of the conditions present (a member offline, failed or stale, a conflict or a differing"
                + " verify in the history, a tag log that filled); later checks tell of changes. --oneshot checks once, for cron; else it checks"
                + " every --interval seconds until Ctrl-C or SIGTERM.",
        "A mirror that 'tagmirror serve' serves is read through its control socket, from the serving process: a member"
                + " that failed or was taken offline there, and its background resync, are seen as they are."})
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;
    @Option(names = "--mirror", paramLabel = "NAME", description = "watch only this mirror (repeatable; default: every mirror"
            + " of the workspace, those made while it watches too)")
    List<String> mirrors = new ArrayList<>();
    @Option(names = "--program", paramLabel = "PROG", description = "run PROG for each event: PROG EVENT MIRROR [MEMBER],"
            + " the event as JSON on its standard input; it may take " + EventAlerts.PROGRAM_TIMEOUT_SECONDS + " s")
    String program;
    @Option(names = "--syslog", description = "also write each event to the system log (facility daemon, tag tagmirror)")
    boolean syslog;
    @Option(names = "--syslog-socket", paramLabel = "PATH", defaultValue = "/dev/log", hidden = true,
            description = "the system log's socket (default ${DEFAULT-VALUE})")
    Path syslogSocket;
    @Option(names = "--oneshot", description = "check once and exit (for cron): 0, or 1 when a mirror could not be read")
    boolean oneshot;
    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60", description = "seconds between checks (default ${DEFAULT-VALUE})")
    long intervalSeconds;

    @Override
    public Integer call() throws Exception {
        if (intervalSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--interval must be 1 second or more, not " + intervalSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path prog = program == null ? null : EventAlerts.checkProgram(program);
        if (syslog) {
            EventAlerts.checkSyslog(syslogSocket);
        }
        EventAlerts alerts = new EventAlerts(prog, syslog ? syslogSocket : null, err);
        MirrorWatch watch = new MirrorWatch(Clock.systemUTC());
        StopRequest stop = common.stopRequest();
        boolean unreadable = false;
        try (Workspace ws = common.openWorkspace(); StopRequest.Listening listening = stop.listenForTermination()) {
            for (String name : mirrors) {
                ws.requireMirror(name);
            }
            do {
                MirrorWatch.Check check = watch.check(ws, mirrors);
                for (MirrorEvent e : check.events()) {
                    out.println(common.json ? Json.MAPPER.writeValueAsString(e.fields())
                            : e.time() + " " + e.kind().word() + " " + e.mirror() + ": " + e.detail());
                    out.flush();
                    alerts.send(e);
                }
                for (Map.Entry<String, String> u : check.unreadable().entrySet()) {
                    err.println("tagmirror: monitor: cannot read mirror " + u.getKey() + ": " + u.getValue());
                    err.flush();
                }
                unreadable = !check.unreadable().isEmpty();
            } while (!oneshot && !stop.await(Duration.ofSeconds(intervalSeconds)));
        }
        return oneshot && unreadable ? ExitCode.FAILED.code() : ExitCode.OK.code();
    }
}
