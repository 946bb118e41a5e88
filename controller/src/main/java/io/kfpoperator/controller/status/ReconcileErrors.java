package io.kfpoperator.controller.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.ConditionedStatus;
import io.kfpoperator.api.validation.InvalidResourceException;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.kube.EventRecorder;
import io.kfpoperator.controller.leader.NotLeaderException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failure that escaped a reconcile becomes what a user sees: the Synchronized
 * condition says what failed (Failed for a permanent cause; the state kept, with the attempt
 * number, for a transient one), a Warning Event says it once per cause, and the retry follows
 * from the cause: none for a permanent one, JOSDK's retry ({@link #retry}) otherwise. Platform
 * answers are not exceptions: the state machine already turns them into a status and a backoff.
 */
public final class ReconcileErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileErrors.class);
    static final String REASON = "ReconcileFailed";

    private final StatusRecorder recorder;
    private final EventRecorder events;
    private final Clock clock;

    public ReconcileErrors(StatusRecorder recorder, EventRecorder events, Clock clock) {
        this.recorder = recorder;
        this.events = events;
        this.clock = clock;
    }

    /** The retry of every reconciler: {@code spec.retry.initial}, doubling up to {@code spec.retry.max}, for as long as it fails. */
    public static Retry retry(OperatorConfig.Retry config) {
        return new GenericRetry()
                .setInitialInterval(config.initial().toMillis())
                .setIntervalMultiplier(2)
                .setMaxInterval(config.max().toMillis())
                .withoutMaxAttempts();
    }

    /** A cause that the same request cannot get past: retrying it would only repeat the failure. */
    public static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidResourceException) {
                return true;
            }
            if (t instanceof KubernetesClientException k) {
                int code = k.getCode();
                return code >= 400 && code < 500 && code != 404 && code != 408 && code != 409 && code != 429;
            }
        }
        return false;
    }

    /**
     * A request cut short because this process is stopping (the thread was interrupted on the way)
     * or lost its lease (the leader fence refused the write).
     */
    static boolean interrupted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)
                    || t instanceof NotLeaderException) {
                return true;
            }
        }
        return false;
    }

    public <R extends CustomResource<?, S>, S extends ConditionedStatus> ErrorStatusUpdateControl<R> updateErrorStatus(
            R resource, Context<R> context, Exception failure, UnaryOperator<S> copy, Supplier<S> empty) {
        if (interrupted(failure)) {
            // The controller is stopping (or lost its lease): not the resource's failure, nothing to tell its users.
            LOG.debug("reconcile interrupted: {}", describe(failure));
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        boolean permanent = permanent(failure);
        int attempt = context.getRetryInfo().map(RetryInfo::getAttemptCount).orElse(0) + 1;
        // The cache holds what recordOnce just wrote; the resource handed in may be older.
        R latest = context.getPrimaryCache() == null ? resource
                : context.getPrimaryCache().get(ResourceID.fromResource(resource)).orElse(resource);
        S current = latest.getStatus();
        S next = current == null ? empty.get() : copy.apply(current);
        SynchronizationState state = permanent ? SynchronizationState.FAILED
                : Conditions.synchronizationState(current == null ? null : current.getConditions());
        String cause = describe(failure);
        String message = permanent ? cause : cause + " (attempt " + attempt + ", retrying)";
        next.setConditions(Conditions.merge(next.getConditions(), Conditions.synchronizedCondition(state, message,
                latest.getMetadata().getGeneration(), clock.instant())));
        try {
            recorder.record(latest, current, next, context);
        } catch (RuntimeException e) {
            LOG.warn("could not record the failure in status: {}", describe(e));
        }
        if (permanent) {
            events.synchronizationChanged(latest, current == null ? null : current.getConditions(), next.getConditions(), null);
            LOG.warn("reconcile failed, not retrying: {}", cause);
            return ErrorStatusUpdateControl.<R>noStatusUpdate().withNoRetry();
        }
        if (attempt == 1) {
            events.warning(resource, REASON, cause);
        }
        LOG.warn("reconcile failed (attempt {}), retrying: {}", attempt, cause, failure);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** The API server's own message when it answered, else what stopped the request (e.g. "Connection refused"). */
    public static String describe(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                && !k.getStatus().getMessage().isBlank()) {
            return k.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("\\.$", "");
        if (root != e) {
            // fabric8 says only "An error has occurred"; what happened is in the cause (often a message-less ConnectException).
            String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            if (!message.contains(detail)) {
                message = message.isEmpty() ? detail : message + ": " + detail;
            }
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
}
