package io.tagmirror.console.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedThreadFactoryTest {

    @Test
    void makesNumberedDaemonThreads() {
        NamedThreadFactory factory = new NamedThreadFactory("tagmirror-test");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertThat(first.getName()).isEqualTo("tagmirror-test-1");
        assertThat(second.getName()).isEqualTo("tagmirror-test-2");
        assertThat(first.isDaemon()).isTrue();
    }

    @Test
    void summarisesTheRunningCount() {
        assertThat(BackgroundTasks.describe(0)).isEqualTo("Idle");
        assertThat(BackgroundTasks.describe(1)).isEqualTo("1 task running");
        assertThat(BackgroundTasks.describe(3)).isEqualTo("3 tasks running");
    }
}
