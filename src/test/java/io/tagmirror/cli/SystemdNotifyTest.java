package io.tagmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify's protocol as systemd receives it: one datagram per state, on the socket $NOTIFY_SOCKET names. */
class SystemdNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void sendsEachStateAsOneDatagramToTheSocketNotifySocketNames() throws IOException {
        try (NotifySocket systemd = NotifySocket.bind(tmp.resolve("notify"))) {
            SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name())).orElseThrow();
            notify.send("READY=1\n" + SystemdNotify.status("in-sync: members 2 in sync, 0 offline, 0 resyncing; 0 clients; 0 writes/s"));
            notify.send(SystemdNotify.status("degraded:\nsplit"));
            assertThat(systemd.receive(WAIT)).contains(
                    "READY=1\nSTATUS=in-sync: members 2 in sync, 0 offline, 0 resyncing; 0 clients; 0 writes/s");
            assertThat(systemd.receive(WAIT)).as("a line break would end the status early").contains("STATUS=degraded: split");
        }
    }

    @Test
    void reachesASocketInTheAbstractNamespace() throws IOException {
        try (NotifySocket systemd = NotifySocket.bindAbstract("tagmirror-test-" + ProcessHandle.current().pid())) {
            assertThat(systemd.name()).startsWith("@");
            SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.name())).orElseThrow().send("READY=1");
            assertThat(systemd.receive(WAIT)).contains("READY=1");
        }
    }

    @Test
    void withoutAUnixSocketNamedThereIsNothingToNotify() {
        assertThat(SystemdNotify.fromEnvironment(Map.of())).isEmpty();
        assertThat(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", ""))).isEmpty();
        assertThat(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234"))).isEmpty();
        assertThat(SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/" + "x".repeat(200)))).isEmpty();
    }

    @Test
    void aSocketNobodyListensOnIsRefusedNamingIt() {
        Path gone = tmp.resolve("gone");
        SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", gone.toString())).orElseThrow();
        assertThatThrownBy(() -> notify.send("READY=1")).isInstanceOf(IOException.class).hasMessageContaining(gone.toString());
    }
}
