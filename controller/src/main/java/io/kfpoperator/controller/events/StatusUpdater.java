package io.kfpoperator.controller.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Artifact;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a completion in the resources it names: the Run's {@code status.completionState} (and
 * {@code markedCompletedAt}, from which its TTL counts) and, for a success, the
 * RunConfiguration's {@code status.latestRuns.succeeded}. Written through the
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

    /** Applies the event; returns the number of status writes it took (0 when everything already said so). */
    int apply(Targets targets, RunCompletionEventData event, List<io.kfpoperator.provider.events.Artifact> artifacts) {
        int writes = 0;
        if (targets.runConfiguration().isPresent() && event.status() == RunCompletionStatus.SUCCEEDED) {
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
        if (targets.run().isPresent()) {
            Run run = targets.run().get();
            String state = event.status() == RunCompletionStatus.SUCCEEDED ? "Succeeded" : "Failed";
            RunStatus before = run.getStatus();
            RunStatus after = before == null ? new RunStatus() : COPIER.convertValue(before, RunStatus.class);
            after.setCompletionState(state);
            if (after.getMarkedCompletedAt() == null) {
                after.setMarkedCompletedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            }
            if (!state.equals(before == null ? null : before.getCompletionState()) && recorder.record(run, before, after, null)) {
                writes++;
                LOG.info("recorded completion state {} of run {}/{}", state, run.getMetadata().getNamespace(), run.getMetadata().getName());
            }
        }
        return writes;
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String reference) {
        if (EventDecoder.blank(reference)) {
            return Optional.empty();
        }
        NamespacedName name = NamespacedName.parse(reference);
        return Optional.ofNullable(client.resources(type).inNamespace(name.namespace()).withName(name.name()).get());
    }
}
