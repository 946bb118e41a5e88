package io.kfpoperator.controller.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kfpoperator.controller.logging.ReconcileLogging;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of status for every kind and for the run-completion endpoint. A reconcile (or
 * a completion) works out the whole status it wants and hands it here once, with the status it
 * started from; what is written is the merge patch between the two, so
 * <ul>
 *   <li>nothing is written when nothing changed (no API call at all);</li>
 *   <li>each writer changes only the fields it changed: the endpoint's {@code completionState}
 *       and {@code latestRuns} and a reconciler's conditions never overwrite each other, with no
 *       read before the write and no resourceVersion conflict to retry;</li>
 *   <li>the answer goes into the reconciler's own cache, so its next reconcile sees this write
 *       even before the watch delivers it (without it, a wake-up a moment later could repeat an
 *       operation it had just recorded).</li>
 * </ul>
 */
public final class StatusRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);
    /** Status trees without nulls, as the API server stores them. */
    private static final ObjectMapper TREES = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;

    public StatusRecorder(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Makes the status of {@code resource} on the server {@code after}, where this writer read it
     * as {@code before}. Returns whether anything was written; false also when the resource is gone.
     *
     * @param context the reconcile's context, whose cache gets the answer; null outside a reconcile
     */
    public <R extends HasMetadata> boolean record(R resource, Object before, Object after, Context<R> context) {
        ObjectNode patch = MergePatch.diff(tree(before), tree(after));
        if (patch.isEmpty()) {
            return false;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("status", patch);
        R written;
        try {
            written = client.resource(resource).subresource("status").patch(MERGE, body.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
        ReconcileLogging.changed();
        if (context != null && written != null) {
            context.eventSourceRetriever().getControllerEventSource()
                    .handleRecentResourceUpdate(ResourceID.fromResource(written), written, resource);
        }
        return true;
    }

    /**
     * Runs a reconcile that stages its status on {@code resource} and records it once, at its end,
     * when {@code recordAfter} accepts what the reconcile answered. When the reconcile throws, what
     * it had staged is recorded before the failure goes on (a platform call's result may be in
     * it); a failure of that write is logged, so the original failure is the one handled.
     */
    public <R extends CustomResource<?, S>, S, T> T recordOnce(R resource, Context<R> context, UnaryOperator<S> copy,
                                                              Predicate<T> recordAfter, Supplier<T> reconcile) {
        S before = resource.getStatus() == null ? null : copy.apply(resource.getStatus());
        T answer;
        try {
            answer = reconcile.get();
        } catch (RuntimeException e) {
            try {
                record(resource, before, resource.getStatus(), context);
            } catch (RuntimeException writeFailure) {
                LOG.warn("could not record the status staged before a failure: {}", ReconcileErrors.describe(writeFailure));
            }
            throw e;
        }
        if (recordAfter.test(answer)) {
            record(resource, before, resource.getStatus(), context);
        }
        return answer;
    }

    private static JsonNode tree(Object status) {
        return status == null ? null : TREES.valueToTree(status);
    }
}
