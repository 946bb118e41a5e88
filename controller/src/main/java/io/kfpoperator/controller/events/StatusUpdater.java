package io.kfpoperator.controller.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Artifact;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a completion in the resources it names: the Run's
 * {@code status.completionState} and, for a success, the RunConfiguration's
 * {@code status.latestRuns.succeeded}. Writes are patches of just those fields, so they never undo
 * a reconciler's concurrent status write, and are skipped when the status already says the same,
 * so a repeated event changes nothing.
 *
 * <p>{@code latestRuns.succeeded} holds a list (the run's artifacts) that each succeeded run
 * replaces. Once the RunConfiguration has a {@code latestRuns}, it is written with a JSON patch
 * (RFC 6902) {@code add} of the whole {@code succeeded} object, which replaces it on every server;
 * a JSON merge patch replaces lists only where the server follows RFC 7386 (kube-apiserver does,
 * the fabric8 mock API server appends to them). The first record, when there is no
 * {@code latestRuns} yet, stays a merge patch: a JSON patch needs the parent to exist, and a merge
 * patch creates {@code status} without replacing one a reconciler writes at the same moment.
 */
final class StatusUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(StatusUpdater.class);
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

    private final KubernetesClient client;

    StatusUpdater(KubernetesClient client) {
        this.client = client;
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
            RunReference current = rc.getStatus() == null || rc.getStatus().getLatestRuns() == null
                    ? null : rc.getStatus().getLatestRuns().getSucceeded();
            if (!Objects.equals(current, succeeded)) {
                if (patchStatus(RunConfiguration.class, rc, recordSucceeded(rc, succeeded))) {
                    writes++;
                    LOG.info("recorded succeeded run {} in run configuration {}/{}", event.runId(),
                            rc.getMetadata().getNamespace(), rc.getMetadata().getName());
                }
            }
        }
        if (targets.run().isPresent()) {
            Run run = targets.run().get();
            String state = event.status() == RunCompletionStatus.SUCCEEDED ? "Succeeded" : "Failed";
            String current = run.getStatus() == null ? null : run.getStatus().getCompletionState();
            if (!state.equals(current)) {
                ObjectNode patch = EventJson.MAPPER.createObjectNode();
                patch.putObject("status").put("completionState", state);
                if (patchStatus(Run.class, run, new Patch(MERGE, patch))) {
                    writes++;
                    LOG.info("recorded completion state {} of run {}/{}", state, run.getMetadata().getNamespace(), run.getMetadata().getName());
                }
            }
        }
        return writes;
    }

    /** A status patch and its type. */
    record Patch(PatchContext type, JsonNode body) {
    }

    /** The write that makes {@code rc}'s {@code status.latestRuns.succeeded} exactly {@code succeeded} (see the class comment). */
    static Patch recordSucceeded(RunConfiguration rc, RunReference succeeded) {
        JsonNode value = EventJson.MAPPER.valueToTree(succeeded);
        if (rc.getStatus() == null) {
            ObjectNode patch = EventJson.MAPPER.createObjectNode();
            patch.putObject("status").putObject("latestRuns").set("succeeded", value);
            return new Patch(MERGE, patch);
        }
        ArrayNode patch = EventJson.MAPPER.createArrayNode();
        if (rc.getStatus().getLatestRuns() == null) {
            patch.addObject().put("op", "add").put("path", "/status/latestRuns").putObject("value").set("succeeded", value);
        } else {
            // "add" of an existing member replaces it (RFC 6902 §4.1), and needs no succeeded yet.
            patch.addObject().put("op", "add").put("path", "/status/latestRuns/succeeded").set("value", value);
        }
        return new Patch(JSON_PATCH, patch);
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String reference) {
        if (EventDecoder.blank(reference)) {
            return Optional.empty();
        }
        NamespacedName name = NamespacedName.parse(reference);
        return Optional.ofNullable(client.resources(type).inNamespace(name.namespace()).withName(name.name()).get());
    }

    /** False when the resource disappeared between lookup and write (nothing left to record in). */
    private <T extends HasMetadata> boolean patchStatus(Class<T> type, T resource, Patch patch) {
        try {
            client.resources(type).inNamespace(resource.getMetadata().getNamespace()).withName(resource.getMetadata().getName())
                    .subresource("status")
                    .patch(patch.type(), EventJson.MAPPER.writeValueAsString(patch.body()));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status patch is always serialisable", e);
        }
    }
}
