package io.tagmirror.console.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DirectTaskRunnerTest {

    private final DirectTaskRunner runner = new DirectTaskRunner();
    private final List<String> events = new ArrayList<>();

    @Test
    void runsTheWorkAndCallsSuccessThenFinishedBeforeReturning() throws Exception {
        Future<Integer> result = runner.submit(BackgroundJob.of("answer", progress -> 42)
                .onSuccess(value -> events.add("success " + value))
                .onFailure(failure -> events.add("failure"))
                .onFinished(() -> events.add("finished")));

        assertThat(events).containsExactly("success 42", "finished");
        assertThat(result.get()).isEqualTo(42);
    }

    @Test
    void reportsAFailureOfTheWorkToTheFailureHandler() {
        Future<Object> result = runner.submit(BackgroundJob.of("broken", progress -> {
                    throw new IOException("disk gone");
                })
                .onSuccess(value -> events.add("success"))
                .onFailure(failure -> events.add("failure " + failure.getMessage()))
                .onFinished(() -> events.add("finished")));

        assertThat(events).containsExactly("failure disk gone", "finished");
        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk gone");
    }

    @Test
    void letsABugInTheSuccessHandlerReachTheCaller() {
        BackgroundJob<String> job = BackgroundJob.of("fine", progress -> "ok")
                .onSuccess(value -> {
                    throw new IllegalStateException("handler bug");
                })
                .onFailure(failure -> events.add("failure"))
                .onFinished(() -> events.add("finished"));

        assertThatThrownBy(() -> runner.submit(job)).hasMessage("handler bug");
        assertThat(events).containsExactly("finished");
    }

    @Test
    void executorRunsInline() {
        runner.executor().execute(() -> events.add("ran"));
        assertThat(events).containsExactly("ran");
    }
}
