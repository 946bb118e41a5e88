package io.kfpoperator.controller.engine.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import java.util.Map;
import java.util.Optional;

/**
 * The Argo Workflow vocabulary (docs/execution-engines.md): names of templates, parameters and labels that the
 * upstream {@code kfp-provider-workflows} WorkflowTemplates and ours share, and how to read a
 * Workflow's phase and entry-node outputs.
 */
public final class Workflows {

    public static final ResourceDefinitionContext WORKFLOW = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Workflow").withPlural("workflows").withNamespaced(true).build();
    public static final String API_VERSION = "argoproj.io/v1alpha1";

    /** Set once the operator has taken a Workflow's result; such Workflows are never read again. */
    public static final String PROCESSED_LABEL = "pipelines.kubeflow.org/processed";

    // Ours, beside upstream's labels: which operation, target version and resource incarnation a Workflow carries out.
    public static final String OPERATION_ANNOTATION = "pipelines.kubeflow.org/operation";
    public static final String VERSION_ANNOTATION = "pipelines.kubeflow.org/version";
    public static final String OWNER_UID_ANNOTATION = "pipelines.kubeflow.org/owner.uid";

    public static final String RESOURCE_KIND = "resource-kind";
    public static final String RESOURCE_DEFINITION = "resource-definition";
    public static final String RESOURCE_ID = "resource-id";
    public static final String PROVIDER_NAME = "provider-name";
    public static final String PROVIDER_SERVICE_URL = "provider-service-url";
    public static final String PIPELINE_FRAMEWORK_IMAGE = "pipeline-framework-image";
    public static final String PROVIDER_OUTPUT = "provider-output";
    /** Our templates' addition: the provider service's HTTP status ("000" when unreachable). */
    public static final String PROVIDER_STATUS = "provider-status";

    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String ERROR = "Error";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Workflows() {
    }

    /** {@code create-compiled|update-compiled|create-simple|update-simple|delete}. */
    public static String templateName(PlatformOperation operation, boolean compiled) {
        String suffix = compiled ? "compiled" : "simple";
        if (operation instanceof PlatformOperation.Create) {
            return "create-" + suffix;
        }
        if (operation instanceof PlatformOperation.Update) {
            return "update-" + suffix;
        }
        return "delete";
    }

    /** "create", "update" or "delete". */
    public static String operationName(PlatformOperation operation) {
        return operation.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    public static JsonNode tree(GenericKubernetesResource workflow) {
        return JSON.valueToTree(workflow);
    }

    public static String phase(GenericKubernetesResource workflow) {
        return tree(workflow).path("status").path("phase").asText("");
    }

    public static boolean finished(GenericKubernetesResource workflow) {
        String phase = phase(workflow);
        return SUCCEEDED.equals(phase) || FAILED.equals(phase) || ERROR.equals(phase);
    }

    public static String message(GenericKubernetesResource workflow) {
        return tree(workflow).path("status").path("message").asText("");
    }

    public static String templateRef(GenericKubernetesResource workflow) {
        return tree(workflow).path("spec").path("workflowTemplateRef").path("name").asText("");
    }

    /** A Workflow argument's value, if it was passed. */
    public static Optional<String> argument(GenericKubernetesResource workflow, String name) {
        for (JsonNode parameter : tree(workflow).path("spec").path("arguments").path("parameters")) {
            if (name.equals(parameter.path("name").asText())) {
                return Optional.of(parameter.path("value").asText(""));
            }
        }
        return Optional.empty();
    }

    /** An output parameter of the entry node (the node named after the Workflow), if written. */
    public static Optional<String> output(GenericKubernetesResource workflow, String name) {
        JsonNode tree = tree(workflow);
        String workflowName = tree.path("metadata").path("name").asText();
        for (JsonNode node : tree.path("status").path("nodes")) {
            if (workflowName.equals(node.path("name").asText())) {
                for (JsonNode parameter : node.path("outputs").path("parameters")) {
                    if (name.equals(parameter.path("name").asText()) && parameter.has("value")) {
                        return Optional.of(parameter.path("value").asText(""));
                    }
                }
            }
        }
        return Optional.empty();
    }

    public static Map<String, String> labels(GenericKubernetesResource workflow) {
        Map<String, String> labels = workflow.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    public static String annotation(GenericKubernetesResource workflow, String key) {
        Map<String, String> annotations = workflow.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(key, "");
    }
}
