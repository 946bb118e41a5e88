package io.kfpoperator.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.v1beta1.RetryBackoff;
import io.kfpoperator.api.v1beta1.RetryOutcome;
import io.kfpoperator.api.v1beta1.RunAttempt;
import io.kfpoperator.api.v1beta1.RunRetry;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAttemptsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-03-01T09:59:00Z");

    private static RunSpec spec(Integer attempts, RetryOutcome... on) {
        return new RunSpec().withRetry(new RunRetry().withAttempts(attempts)
                .withBackoff(new RetryBackoff().withInitial("10s").withMax("35s"))
                .withWhen(on.length == 0 ? null : List.of(on)));
    }

    private static RunStatus running(int attempt, String id) {
        return new RunStatus().withAttempt(attempt).withAttempts(List.of(
                new RunAttempt().withAttempt(attempt).withProviderId(id).withStartedAt(STARTED.toString())));
    }

    private static RunAttempts.Finished failed(String id) {
        return new RunAttempts.Finished(id, false, false, STARTED, NOW);
    }

    @Test
    void failedAttemptWithAttemptsLeftIsRetriedAfterTheInitialBackoff() {
        RunAttempts.Decision decision = RunAttempts.onFinished(spec(3), running(1, "r1"), failed("r1"), NOW);

        assertThat(decision).isInstanceOfSatisfying(RunAttempts.Retry.class, retry -> {
            assertThat(retry.next()).isEqualTo(2);
            assertThat(retry.at()).isEqualTo(NOW.plusSeconds(10));
            assertThat(retry.attempts()).singleElement().satisfies(a -> {
                assertThat(a.getOutcome()).isEqualTo("Failed");
                assertThat(a.getFinishedAt()).isEqualTo(NOW.toString());
            });
            assertThat(retry.message()).isEqualTo("attempt 1 of 3 failed; attempt 2 starts at 2026-03-01T10:00:10Z");
        });
    }

    @Test
    void lastAttemptFailingCompletesTheRunAsFailedWithTheAttemptCount() {
        RunStatus status = running(3, "r3");
        RunAttempts.Decision decision = RunAttempts.onFinished(spec(3), status, failed("r3"), NOW);

        assertThat(decision).isInstanceOfSatisfying(RunAttempts.Complete.class, complete -> {
            assertThat(complete.completionState()).isEqualTo("Failed");
            assertThat(complete.reason()).isEqualTo("Failed");
            assertThat(complete.attemptCount()).isEqualTo(3);
        });
    }

    @Test
    void successIsNeverRetried() {
        RunAttempts.Decision decision = RunAttempts.onFinished(spec(3), running(1, "r1"),
                new RunAttempts.Finished("r1", true, false, STARTED, NOW), NOW);

        assertThat(decision).isInstanceOfSatisfying(RunAttempts.Complete.class, c -> {
            assertThat(c.completionState()).isEqualTo("Succeeded");
            assertThat(c.attemptCount()).isEqualTo(1);
        });
    }

    @Test
    void stoppedRunsAreRetriedOnlyWhenOnNamesStopped() {
        RunAttempts.Finished stopped = new RunAttempts.Finished("r1", false, true, STARTED, NOW);

        assertThat(RunAttempts.onFinished(spec(3), running(1, "r1"), stopped, NOW))
                .isInstanceOfSatisfying(RunAttempts.Complete.class, c -> assertThat(c.reason()).isEqualTo("Stopped"));
        assertThat(RunAttempts.onFinished(spec(3, RetryOutcome.STOPPED), running(1, "r1"), stopped, NOW))
                .isInstanceOf(RunAttempts.Retry.class);
        assertThat(RunAttempts.onFinished(spec(3, RetryOutcome.STOPPED), running(1, "r1"), failed("r1"), NOW))
                .isInstanceOf(RunAttempts.Complete.class);
    }

    @Test
    void withoutRetryTheFirstOutcomeIsFinal() {
        assertThat(RunAttempts.onFinished(new RunSpec(), new RunStatus(), failed("r1"), NOW))
                .isInstanceOfSatisfying(RunAttempts.Complete.class, c -> {
                    assertThat(c.attemptCount()).isEqualTo(1);
                    assertThat(c.attempts()).singleElement().satisfies(a -> {
                        assertThat(a.getAttempt()).isEqualTo(1);
                        assertThat(a.getProviderId()).isEqualTo("r1");
                        assertThat(a.getStartedAt()).isEqualTo(STARTED.toString());
                    });
                });
    }

    @Test
    void aRepeatedReportOfAnEarlierAttemptChangesNothing() {
        RunAttempts.Retry first = (RunAttempts.Retry) RunAttempts.onFinished(spec(3), running(1, "r1"), failed("r1"), NOW);
        RunStatus waiting = new RunStatus().withAttempt(2).withAttempts(first.attempts()).withNextAttemptAt(first.at().toString());

        assertThat(RunAttempts.onFinished(spec(3), waiting, failed("r1"), NOW)).isInstanceOf(RunAttempts.Ignore.class);
        assertThat(RunAttempts.onFinished(spec(3), waiting, failed("stranger"), NOW)).isInstanceOf(RunAttempts.Ignore.class);
    }

    @Test
    void aReportOfAnIdNoAttemptHasIsAboutTheCurrentAttemptAsUpstreamTreatsAnEventNamingTheRun() {
        assertThat(RunAttempts.onFinished(new RunSpec(), running(1, "r1"), new RunAttempts.Finished("by-hand", true, false, null, NOW), NOW))
                .isInstanceOfSatisfying(RunAttempts.Complete.class, c -> {
                    assertThat(c.completionState()).isEqualTo("Succeeded");
                    assertThat(c.attempts()).singleElement().satisfies(a -> {
                        assertThat(a.getProviderId()).isEqualTo("by-hand");
                        assertThat(a.getStartedAt()).isEqualTo(STARTED.toString());
                    });
                });
    }

    @Test
    void aRepeatedFinalReportCompletesTheSameWaySoSinksSeeTheSameEvent() {
        RunAttempts.Complete first = (RunAttempts.Complete) RunAttempts.onFinished(spec(2), running(2, "r2"), failed("r2"), NOW);
        RunStatus completed = new RunStatus().withAttempt(2).withAttempts(first.attempts()).withCompletionState("Failed");

        assertThat(RunAttempts.onFinished(spec(2), completed, failed("r2"), NOW.plusSeconds(99))).isEqualTo(first);
    }

    @Test
    void aTimedOutAttemptCountsAsFailed() {
        RunSpec spec = spec(2).withTimeout("1m");
        RunStatus status = running(1, "r1");
        status.setAttempts(RunAttempts.timedOut(spec, status));

        assertThat(RunAttempts.onFinished(spec, status, new RunAttempts.Finished("r1", false, true, STARTED, NOW), NOW))
                .isInstanceOfSatisfying(RunAttempts.Retry.class, r -> assertThat(r.attempts().get(0).getOutcome()).isEqualTo("TimedOut"));
        status.setAttempt(2);
        status.setAttempts(List.of(status.getAttempts().get(0), new RunAttempt().withAttempt(2).withProviderId("r2")
                .withStartedAt(STARTED.toString()).withOutcome("TimedOut").withMessage("ran longer than spec.timeout 1m; stopped on the platform")));
        assertThat(RunAttempts.onFinished(spec, status, failed("r2"), NOW))
                .isInstanceOfSatisfying(RunAttempts.Complete.class, c -> {
                    assertThat(c.completionState()).isEqualTo("Failed");
                    assertThat(c.reason()).isEqualTo("TimedOut");
                    assertThat(c.message()).isEqualTo("attempt 2 timed out: ran longer than spec.timeout 1m; stopped on the platform");
                });
    }

    @Test
    void aStopReportedBeforeTheTimeOutIsRecordedIsTheTimeOutWhenItCameAfterTheDeadline() {
        // The reconciler stops the run, then records TimedOut; the completion loop can be quicker.
        RunAttempts.Finished stoppedAtNow = new RunAttempts.Finished("r1", false, true, STARTED, NOW);

        assertThat(RunAttempts.onFinished(spec(2).withTimeout("1m"), running(1, "r1"), stoppedAtNow, NOW))
                .as("stopped 1m after it started, its timeout").isInstanceOfSatisfying(RunAttempts.Retry.class,
                        r -> assertThat(r.attempts().get(0).getOutcome()).isEqualTo("TimedOut"));
        assertThat(RunAttempts.onFinished(spec(2).withTimeout("2m"), running(1, "r1"), stoppedAtNow, NOW))
                .as("stopped before its deadline: by someone else").isInstanceOfSatisfying(RunAttempts.Complete.class,
                        c -> assertThat(c.reason()).isEqualTo("Stopped"));
    }

    @Test
    void backoffDoublesUpToMax() {
        RunAttempts.Policy policy = RunAttempts.Policy.of(spec(5).getRetry());

        assertThat(List.of(policy.backoffAfter(1), policy.backoffAfter(2), policy.backoffAfter(3), policy.backoffAfter(4)))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(35), Duration.ofSeconds(35));
        assertThat(RunAttempts.Policy.of(new RunRetry().withAttempts(2)).backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void deadlineCountsFromTheCurrentAttemptsStart() {
        RunSpec spec = new RunSpec().withTimeout("90s");

        assertThat(RunAttempts.deadline(spec, running(2, "r2"))).contains(STARTED.plusSeconds(90));
        assertThat(RunAttempts.deadline(new RunSpec(), running(1, "r1"))).isEmpty();
        assertThat(RunAttempts.deadline(spec, running(1, "r1").withCompletionState("Failed"))).isEmpty();
        RunStatus stopping = running(1, "r1");
        stopping.setAttempts(RunAttempts.timedOut(spec, stopping));
        assertThat(RunAttempts.deadline(spec, stopping)).isEmpty();
    }

    @Test
    void startedRecordsTheAttemptOnce() {
        RunStatus status = new RunStatus().withAttempt(2).withAttempts(List.of(new RunAttempt().withAttempt(1).withProviderId("r1")));

        List<RunAttempt> started = RunAttempts.started(status, "r2", NOW);
        assertThat(started).extracting(RunAttempt::getProviderId).containsExactly("r1", "r2");
        status.setAttempts(started);
        assertThat(RunAttempts.started(status, "r2", NOW.plusSeconds(5))).isEqualTo(started);
    }
}
