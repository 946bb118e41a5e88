package io.kfpoperator.controller.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events about our resources (what `kubectl describe` shows), as component kfp-operator. */
public final class EventRecorder {

    public static final String COMPONENT = "kfp-operator";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The controller's clock, which stamps Events and every time the controller records. */
    public Clock clock() {
        return clock;
    }

    public void normal(HasMetadata resource, String reason, String message) {
        record(resource, "Normal", reason, message);
    }

    public void warning(HasMetadata resource, String reason, String message) {
        record(resource, "Warning", reason, message);
    }

    /**
     * The Kubernetes Event for a change of the Synchronized condition: Warning SyncFailed for
     * Failed, Normal Synced for Succeeded and Deleted, Normal Syncing otherwise; the message is
     * "State [version: "v"]: condition message". Nothing when the condition did not change. A turn to
     * Failed is also logged at WARN with the reason.
     */
    public void synchronizationChanged(HasMetadata resource, List<Condition> before, List<Condition> after, String version) {
        Condition previous = Conditions.find(before, Conditions.SYNCHRONIZED).orElse(null);
        Condition now = Conditions.find(after, Conditions.SYNCHRONIZED).orElse(null);
        if (now == null || Objects.equals(previous, now)) {
            return;
        }
        SynchronizationState state = SynchronizationState.ofReason(now.getReason());
        String message = state.reason() + (version == null || version.isEmpty() ? "" : " [version: \"" + version + "\"]")
                + (now.getMessage() == null || now.getMessage().isEmpty() ? "" : ": " + now.getMessage());
        switch (state) {
            case FAILED -> {
                // The log says it too: the one line an operator grepping for WARN needs.
                LOG.warn("{} {}/{} failed: {}", resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
                        now.getMessage() == null ? "" : now.getMessage());
                warning(resource, "SyncFailed", message);
            }
            case SUCCEEDED, DELETED -> normal(resource, "Synced", message);
            default -> normal(resource, "Syncing", message);
        }
    }

    private void record(HasMetadata resource, String type, String reason, String message) {
        Instant now = clock.instant();
        String namespace = resource.getMetadata().getNamespace();
        try {
            String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(namespace)
                    .endMetadata()
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .withFirstTimestamp(timestamp)
                    .withLastTimestamp(timestamp)
                    .withCount(1)
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(resource.getApiVersion())
                            .withKind(resource.getKind())
                            .withName(resource.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(resource.getMetadata().getUid())
                            .build())
                    .build()).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: never fail a reconcile because it could not be written.
            LOG.warn("could not record event {} for {}/{}: {}", reason, namespace, resource.getMetadata().getName(), e.getMessage());
        }
    }
}
