package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.types.GoDurations;
import io.kfpoperator.api.v1beta1.RetryBackoff;
import io.kfpoperator.api.v1beta1.RetryOutcome;
import io.kfpoperator.api.v1beta1.RunAttempt;
import io.kfpoperator.api.v1beta1.RunRetry;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The attempts of a Run as a pure function: what a finished platform run means for the Run (its
 * final outcome, another attempt after a backoff, or nothing because it was already recorded), and
 * when a running attempt is past its {@code spec.timeout}. No clocks: the caller passes {@code now}.
 *
 * <p>Attempts are numbered from 1. {@code status.attempt} is the current attempt, or the pending
 * one while {@code status.nextAttemptAt} says when it starts; {@code status.attempts} lists every
 * platform run started, each with its outcome once known.
 */
public final class RunAttempts {

    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String STOPPED = "Stopped";
    public static final String TIMED_OUT = "TimedOut";
    /** Reason of the {@link #COMPLETED} condition while the next attempt waits out its backoff. */
    public static final String RETRYING = "Retrying";
    /** Condition type of a Run's outcome (our condition): True once completed, False while a retry is pending. */
    public static final String COMPLETED = "Completed";

    static final Duration DEFAULT_INITIAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_MAX = Duration.ofMinutes(10);

    private RunAttempts() {
    }

    /** spec.retry read with its defaults: one attempt, 30s doubling to 10m, on Failed. */
    public record Policy(int attempts, Duration initial, Duration max, Set<RetryOutcome> when) {

        public static Policy of(RunRetry retry) {
            if (retry == null) {
                return new Policy(1, DEFAULT_INITIAL, DEFAULT_MAX, EnumSet.of(RetryOutcome.FAILED));
            }
            RetryBackoff backoff = retry.getBackoff();
            Duration initial = backoff == null || backoff.getInitial() == null ? DEFAULT_INITIAL : GoDurations.parse(backoff.getInitial());
            Duration max = backoff == null || backoff.getMax() == null ? DEFAULT_MAX : GoDurations.parse(backoff.getMax());
            Set<RetryOutcome> when = retry.getWhen() == null || retry.getWhen().isEmpty()
                    ? EnumSet.of(RetryOutcome.FAILED) : EnumSet.copyOf(retry.getWhen());
            return new Policy(retry.getAttempts() == null ? 1 : Math.max(1, retry.getAttempts()), initial,
                    max.compareTo(initial) < 0 ? initial : max, when);
        }

        /** The wait after attempt {@code failed} (1-based) failed: initial, doubled per earlier failure, at most max. */
        public Duration backoffAfter(int failed) {
            Duration wait = initial;
            for (int i = 1; i < failed && wait.compareTo(max) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(max) > 0 ? max : wait;
        }

        /** Whether an attempt that ended {@code outcome} is worth another; a timed-out attempt counts as failed. */
        public boolean retries(String outcome) {
            return switch (outcome) {
                case FAILED, TIMED_OUT -> when.contains(RetryOutcome.FAILED);
                case STOPPED -> when.contains(RetryOutcome.STOPPED);
                default -> false;
            };
        }
    }

    /** What the platform reported for one of the Run's platform runs. */
    public record Finished(String runId, boolean succeeded, boolean stopped, Instant startedAt, Instant finishedAt) {
    }

    /** What a finished platform run means for the Run. */
    public sealed interface Decision {
    }

    /** The report is about an attempt already recorded as finished, or comes while the next attempt waits: change nothing, publish nothing. */
    public record Ignore(String why) implements Decision {
    }

    /**
     * The Run is done: {@code completionState} Succeeded or Failed, {@code reason} the last
     * attempt's outcome (Succeeded, Failed, Stopped, TimedOut), after {@code attemptCount} attempts.
     */
    public record Complete(String completionState, String reason, String message, int attemptCount, List<RunAttempt> attempts)
            implements Decision {
    }

    /** Attempt {@code next} starts at {@code at}; the failed one is recorded and nothing is published. */
    public record Retry(int next, Instant at, String message, List<RunAttempt> attempts) implements Decision {
    }

    /** The current attempt's number: status.attempt, 1 before the first is recorded. */
    public static int current(RunStatus status) {
        return status == null || status.getAttempt() == null ? 1 : status.getAttempt();
    }

    /** Decides what {@code finished} means for a Run of {@code spec} whose status is {@code status}. */
    public static Decision onFinished(RunSpec spec, RunStatus status, Finished finished, Instant now) {
        Policy policy = Policy.of(spec == null ? null : spec.getRetry());
        List<RunAttempt> attempts = new ArrayList<>(status == null || status.getAttempts() == null ? List.of() : status.getAttempts());
        int current = current(status);
        Optional<RunAttempt> byId = attempts.stream().filter(a -> Objects.equals(a.getProviderId(), finished.runId())).findFirst();
        RunAttempt attempt;
        if (byId.isPresent()) {
            attempt = byId.get();
            if (attempt.getFinishedAt() != null) {
                boolean completed = status.getCompletionState() != null && !status.getCompletionState().isEmpty();
                boolean last = Objects.equals(attempt.getAttempt(), current);
                // The final outcome again (a redelivery): the same completion, so sinks see the same event; earlier attempts stay quiet.
                return completed && last ? complete(status.getCompletionState(), attempt, current, attempts)
                        : new Ignore("attempt " + attempt.getAttempt() + " (" + finished.runId() + ") was already recorded");
            }
            if (!Objects.equals(attempt.getAttempt(), current)) {
                return new Ignore("platform run " + finished.runId() + " is attempt " + attempt.getAttempt() + ", not the current attempt " + current);
            }
        } else {
            Optional<RunAttempt> slot = attempts.stream().filter(a -> Objects.equals(a.getAttempt(), current)).findFirst();
            if (status != null && status.getNextAttemptAt() != null) {
                return new Ignore("platform run " + finished.runId() + " is not an attempt of this Run; attempt " + current + " has not started");
            }
            // An id no attempt has (a Run started before attempts were recorded, a create whose answer was lost, an event
            // sent by hand): as upstream, an event naming the Run is about its current attempt.
            attempt = slot.orElseGet(() -> new RunAttempt().withAttempt(current));
            if (slot.isEmpty()) {
                attempts.add(attempt);
            }
        }
        String outcome = TIMED_OUT.equals(attempt.getOutcome()) || stoppedPastItsTimeout(spec, attempt, finished) ? TIMED_OUT
                : finished.succeeded() ? SUCCEEDED : finished.stopped() ? STOPPED : FAILED;
        RunAttempt done = new RunAttempt().withAttempt(current).withProviderId(finished.runId())
                .withStartedAt(attempt.getStartedAt() != null ? attempt.getStartedAt() : time(finished.startedAt()))
                .withFinishedAt(time(finished.finishedAt() != null ? finished.finishedAt() : now))
                .withOutcome(outcome)
                .withMessage(attempt.getMessage());
        attempts.set(attempts.indexOf(attempt), done);
        if (policy.retries(outcome) && current < policy.attempts()) {
            Duration wait = policy.backoffAfter(current);
            Instant at = now.plus(wait).truncatedTo(ChronoUnit.SECONDS);
            return new Retry(current + 1, at, "attempt " + current + " of " + policy.attempts() + " " + describe(outcome)
                    + "; attempt " + (current + 1) + " starts at " + at, attempts);
        }
        return complete(SUCCEEDED.equals(outcome) ? SUCCEEDED : FAILED, done, current, attempts);
    }

    private static Complete complete(String completionState, RunAttempt last, int count, List<RunAttempt> attempts) {
        String outcome = last.getOutcome() == null ? completionState : last.getOutcome();
        String message = "attempt " + count + " " + describe(outcome)
                + (TIMED_OUT.equals(outcome) && last.getMessage() != null ? ": " + last.getMessage() : "");
        return new Complete(completionState, outcome, message, count, attempts);
    }

    private static String describe(String outcome) {
        return switch (outcome) {
            case SUCCEEDED -> "succeeded";
            case STOPPED -> "was stopped on the platform";
            case TIMED_OUT -> "timed out";
            default -> "failed";
        };
    }

    /** When the current attempt of a Run passes spec.timeout; empty when there is no timeout or nothing is running. */
    public static Optional<Instant> deadline(RunSpec spec, RunStatus status) {
        if (spec == null || spec.getTimeout() == null || status == null || status.getAttempts() == null
                || (status.getCompletionState() != null && !status.getCompletionState().isEmpty()) || status.getNextAttemptAt() != null) {
            return Optional.empty();
        }
        int current = current(status);
        return status.getAttempts().stream()
                .filter(a -> Objects.equals(a.getAttempt(), current) && a.getOutcome() == null && a.getStartedAt() != null
                        && a.getProviderId() != null && !a.getProviderId().isEmpty())
                .findFirst()
                .map(a -> Instant.parse(a.getStartedAt()).plus(GoDurations.parse(spec.getTimeout())));
    }

    /**
     * Whether a stopped attempt was stopped after its deadline: the operator's time-out stop, also
     * when the platform reports it before the operator has marked the attempt TimedOut (the stop
     * comes first, then the status write, and the completion loop may be quicker).
     */
    private static boolean stoppedPastItsTimeout(RunSpec spec, RunAttempt attempt, Finished finished) {
        if (!finished.stopped() || spec == null || spec.getTimeout() == null || attempt.getStartedAt() == null || finished.finishedAt() == null) {
            return false;
        }
        return !finished.finishedAt().isBefore(Instant.parse(attempt.getStartedAt()).plus(GoDurations.parse(spec.getTimeout())));
    }

    /** The current attempt marked as stopped by the operator for running longer than spec.timeout. */
    public static List<RunAttempt> timedOut(RunSpec spec, RunStatus status) {
        int current = current(status);
        return status.getAttempts().stream()
                .map(a -> Objects.equals(a.getAttempt(), current) && a.getOutcome() == null
                        ? copy(a).withOutcome(TIMED_OUT).withMessage("ran longer than spec.timeout " + spec.getTimeout() + "; stopped on the platform")
                        : a)
                .toList();
    }

    /**
     * The attempts after the platform accepted attempt {@code status.attempt} as {@code providerId}
     * at {@code now}: recorded once (a repeated create answered with the same id changes nothing).
     */
    public static List<RunAttempt> started(RunStatus status, String providerId, Instant now) {
        int current = current(status);
        List<RunAttempt> attempts = new ArrayList<>(status.getAttempts() == null ? List.of() : status.getAttempts());
        Optional<RunAttempt> slot = attempts.stream().filter(a -> Objects.equals(a.getAttempt(), current)).findFirst();
        if (slot.isPresent() && Objects.equals(slot.get().getProviderId(), providerId)) {
            return attempts;
        }
        RunAttempt started = new RunAttempt().withAttempt(current).withProviderId(providerId)
                .withStartedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
        if (slot.isPresent()) {
            attempts.set(attempts.indexOf(slot.get()), started);
        } else {
            attempts.add(started);
        }
        return attempts;
    }

    private static RunAttempt copy(RunAttempt a) {
        return new RunAttempt().withAttempt(a.getAttempt()).withProviderId(a.getProviderId()).withStartedAt(a.getStartedAt())
                .withFinishedAt(a.getFinishedAt()).withOutcome(a.getOutcome()).withMessage(a.getMessage());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
