package io.kfpoperator.controller.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.RunAttempts;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import io.kfpoperator.api.v1beta1.LatestRuns;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationStatus;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.RunStatus;
import io.kfpoperator.controller.status.StatusRecorder;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a completion in the resources it names: the Run's {@code status.completionState} (and
 * {@code markedCompletedAt}, from which its TTL counts, its attempts and the {@code Completed}
 * condition) or, when the Run retries, the failed attempt and when the next starts; and, for a
 * final success, the RunConfiguration's {@code status.latestRuns.succeeded}. Written through the
 * {@link StatusRecorder}, as the reconcilers write theirs: a merge patch of just those fields, so
 * it never undoes a reconciler's concurrent write, and nothing when the status already says the
 * same, so a repeated event changes nothing.
 */
final class StatusUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdater.class);
    private static final ObjectMapper COPIER = new ObjectMapper();

    private final KubernetesClient client;
    private final StatusRecorder recorder;
    private final Clock clock;

    StatusUpdater(KubernetesClient client, StatusRecorder recorder, Clock clock) {
        this.client = client;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** The resources an event names that still exist. */
    record Targets(Optional<Run> run, Optional<RunConfiguration> runConfiguration) {
        boolean none() {
            return run.isEmpty() && runConfiguration.isEmpty();
        }
    }

    Targets lookup(RunCompletionEventData event) {
        return new Targets(find(Run.class, event.runName()), find(RunConfiguration.class, event.runConfigurationName()));
    }

    /**
     * What the event means for its Run ({@link RunAttempts}): its final outcome, a retry, or
     * nothing (an attempt already recorded). Empty when the event names no Run that still exists.
     */
    Optional<RunAttempts.Decision> decide(Targets targets, RunCompletionEventData event) {
        return targets.run().map(run -> RunAttempts.onFinished(run.getSpec(), run.getStatus(),
                new RunAttempts.Finished(event.runId(), event.status() == RunCompletionStatus.SUCCEEDED, event.wasStopped(),
                        instant(event.runStartTime()), instant(event.runEndTime())),
                clock.instant()));
    }

    /**
     * Applies the event as {@code decision} says; returns the number of status writes it took (0
     * when everything already said so). Only a final outcome (or an event without a Run) reaches
     * the RunConfiguration: an attempt that will be retried is not its latest run.
     */
    int apply(Targets targets, RunCompletionEventData event, List<io.kfpoperator.provider.events.Artifact> artifacts,
            Optional<RunAttempts.Decision> decision) {
        int writes = 0;
        boolean fin = decision.isEmpty() || decision.get() instanceof RunAttempts.Complete;
        if (fin && targets.runConfiguration().isPresent() && event.status() == RunCompletionStatus.SUCCEEDED) {
            RunConfiguration rc = targets.runConfiguration().get();
            RunReference succeeded = new RunReference()
                    .withProviderId(event.runId())
                    .withArtifacts(artifacts.isEmpty() ? null : artifacts.stream()
                            .map(a -> new Artifact().withName(a.name()).withLocation(a.location())).toList());
            RunConfigurationStatus before = rc.getStatus();
            RunConfigurationStatus after = before == null ? new RunConfigurationStatus() : COPIER.convertValue(before, RunConfigurationStatus.class);
            after.setLatestRuns(new LatestRuns().withSucceeded(succeeded));
            if (recorder.record(rc, before, after, null)) {
                writes++;
                LOG.info("recorded succeeded run {} in run configuration {}/{}", event.runId(),
                        rc.getMetadata().getNamespace(), rc.getMetadata().getName());
            }
        }
        if (targets.run().isPresent() && decision.isPresent()) {
            Run run = targets.run().get();
            RunStatus before = run.getStatus();
            RunStatus after = before == null ? new RunStatus() : COPIER.convertValue(before, RunStatus.class);
            Long generation = run.getMetadata().getGeneration();
            if (decision.get() instanceof RunAttempts.Complete complete) {
                after.setCompletionState(complete.completionState());
                if (after.getMarkedCompletedAt() == null) {
                    after.setMarkedCompletedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
                }
                after.setAttempt(complete.attemptCount());
                after.setAttempts(complete.attempts());
                after.setNextAttemptAt(null);
                after.setConditions(Conditions.merge(after.getConditions(), Conditions.condition(RunAttempts.COMPLETED, ConditionStatus.TRUE,
                        complete.reason(), complete.message(), generation, clock.instant())));
            } else if (decision.get() instanceof RunAttempts.Retry retry) {
                after.setAttempt(retry.next());
                after.setAttempts(retry.attempts());
                after.setNextAttemptAt(retry.at().toString());
                after.setConditions(Conditions.merge(after.getConditions(), Conditions.condition(RunAttempts.COMPLETED, ConditionStatus.FALSE,
                        RunAttempts.RETRYING, retry.message(), generation, clock.instant())));
            }
            if (recorder.record(run, before, after, null)) {
                writes++;
                LOG.info("recorded {} of run {}/{}", decision.get() instanceof RunAttempts.Retry r ? "a retry (" + r.message() + ")"
                        : "completion state " + after.getCompletionState(), run.getMetadata().getNamespace(), run.getMetadata().getName());
            }
        }
        return writes;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String reference) {
        if (EventDecoder.blank(reference)) {
            return Optional.empty();
        }
        NamespacedName name = NamespacedName.parse(reference);
        return Optional.ofNullable(client.resources(type).inNamespace(name.namespace()).withName(name.name()).get());
    }
}
