package io.kfpoperator.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.kfpoperator.provider.contract.TriggerIndicator;
import java.util.Map;

/** Labels and names our resources carry (upstream's keys), and how they read back. */
public final class Labels {

    /** Which resource a Workflow or compilation Job works for (upstream's Workflow labels): kind, name, namespace. */
    public static final String OWNER_KIND = "pipelines.kubeflow.org/owner.kind";
    public static final String OWNER_NAME = "pipelines.kubeflow.org/owner.name";
    public static final String OWNER_NAMESPACE = "pipelines.kubeflow.org/owner.namespace";
    public static final String RUN_CONFIGURATION_NAME = "pipelines.kubeflow.org/runconfiguration.name";
    public static final String TRIGGER_TYPE = "pipelines.kubeflow.org/trigger-type";
    public static final String TRIGGER_SOURCE = "pipelines.kubeflow.org/trigger-source";
    public static final String TRIGGER_SOURCE_NAMESPACE = "pipelines.kubeflow.org/trigger-source-namespace";

    private Labels() {
    }

    /** "namespace/name", or "" when there is no name (upstream's empty NamespacedName). */
    public static String namespaced(String namespace, String name) {
        return name == null || name.isEmpty() ? "" : namespace + "/" + name;
    }

    /** A label value from free text: '/' becomes '_', anything outside [a-zA-Z0-9_-] is dropped (upstream's rule). */
    public static String sanitise(String value) {
        if (value == null) {
            return "";
        }
        String cleaned = value.replace('/', '_').replaceAll("[^a-zA-Z0-9_-]", "");
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }

    /** The trigger a Run's labels record, or null when it has none. */
    public static TriggerIndicator triggerOf(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(TRIGGER_TYPE)) {
            return null;
        }
        return new TriggerIndicator(labels.get(TRIGGER_TYPE), labels.getOrDefault(TRIGGER_SOURCE, ""),
                labels.getOrDefault(TRIGGER_SOURCE_NAMESPACE, ""));
    }

    /** The RunConfiguration that owns {@code resource} as controller, as "namespace/name", or "". */
    public static String owningRunConfiguration(HasMetadata resource) {
        if (resource.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference owner : resource.getMetadata().getOwnerReferences()) {
                if ("RunConfiguration".equals(owner.getKind()) && Boolean.TRUE.equals(owner.getController())) {
                    return namespaced(resource.getMetadata().getNamespace(), owner.getName());
                }
            }
        }
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels == null ? "" : namespaced(resource.getMetadata().getNamespace(), labels.get(RUN_CONFIGURATION_NAME));
    }
}
