package io.kfpoperator.controller.engine.argo;

import static io.kfpoperator.controller.engine.argo.Workflows.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.engine.EngineRequest;
import io.kfpoperator.controller.engine.ExecutionEngine;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.engine.ProviderRequestMetrics;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.controller.kube.Labels;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code argo} engine: each platform operation runs as an Argo Workflow in the
 * Provider's namespace from the installed WorkflowTemplates. Asked about an operation, it looks
 * for that operation's unprocessed Workflow: none → it creates one (so a Workflow deleted before
 * it finished is recreated); running → in progress; finished → it reads the entry node's
 * {@code provider-output} (and {@code provider-status} when our templates wrote it), labels the
 * Workflow processed so it is never read twice, and answers the outcome.
 *
 * <p>Workflows are listed from the API server, not a cache: a Workflow created a moment ago by
 * the previous reconcile must be found, or it would be created twice.
 */
public final class ArgoExecutionEngine implements ExecutionEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ArgoExecutionEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ProviderEndpoints endpoints;
    private final ProviderRequestMetrics metrics;

    public ArgoExecutionEngine(KubernetesClient client, ProviderEndpoints endpoints, io.micrometer.core.instrument.MeterRegistry registry) {
        this.client = client;
        this.endpoints = endpoints;
        this.metrics = new ProviderRequestMetrics(registry);
    }

    @Override
    public boolean compilesInWorkflow(Provider provider) {
        return true;
    }

    @Override
    public OperationOutcome execute(EngineRequest request) {
        NamespacedName provider = NamespacedName.parse(request.operation().provider());
        try {
            List<GenericKubernetesResource> owned = ownedWorkflows(request, provider.namespace());
            List<GenericKubernetesResource> unprocessed = owned.stream().filter(w -> !processed(w)).toList();
            Optional<GenericKubernetesResource> current = newest(unprocessed.stream().filter(w -> carriesOut(w, request)).toList());
            // Results of superseded operations (an older spec version, a previous incarnation) are not ours to apply.
            unprocessed.stream().filter(w -> current.map(c -> c != w).orElse(true)).filter(Workflows::finished)
                    .forEach(this::markProcessed);
            if (current.isEmpty()) {
                Optional<OperationOutcome> done = alreadySucceeded(owned, request);
                return done.isPresent() ? done.get() : create(request, provider);
            }
            OperationOutcome outcome = result(current.get(), request);
            if (!(outcome instanceof OperationOutcome.InProgress)) {
                metrics.record(request.operation(), request.type(), outcome, duration(current.get()));
            }
            return outcome;
        } catch (KubernetesClientException e) {
            String message = "Argo Workflows of " + request.ownerName() + " in namespace " + provider.namespace() + ": " + e.getMessage();
            return switch (e.getCode()) {
                case 404 -> new OperationOutcome.Rejected(message + " (are Argo Workflows and its CRDs installed?)");
                case 400, 422 -> new OperationOutcome.Rejected(message);
                default -> new OperationOutcome.Unavailable(message);
            };
        }
    }

    private List<GenericKubernetesResource> ownedWorkflows(EngineRequest request, String namespace) {
        return client.genericKubernetesResources(WORKFLOW).inNamespace(namespace)
                .withLabel(Labels.OWNER_KIND, request.type().pathSegment())
                .withLabel(Labels.OWNER_NAME, request.owner().getMetadata().getName())
                .withLabel(Labels.OWNER_NAMESPACE, request.owner().getMetadata().getNamespace())
                .list().getItems();
    }

    private static boolean processed(GenericKubernetesResource workflow) {
        Map<String, String> labels = workflow.getMetadata().getLabels();
        return labels != null && "true".equals(labels.get(PROCESSED_LABEL));
    }

    private static Optional<GenericKubernetesResource> newest(List<GenericKubernetesResource> workflows) {
        return workflows.stream().max(Comparator.comparing((GenericKubernetesResource w) -> Objects.requireNonNullElse(w.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(w -> w.getMetadata().getName()));
    }

    /**
     * The success of this very operation (same owner, version and operation) whose result was read
     * already. It is asked again when the resource's status does not show the result yet: the
     * reconcile ran on a cached copy older than the status write, or the controller died between
     * reading the result and writing it. Answering it again, instead of starting a new Workflow,
     * keeps a create from making a second platform object. A failure is not answered again: its
     * retry is a new Workflow. Only our Workflows count: they name the owner's uid and spec version,
     * while one the Go operator left could be the create of an earlier, deleted namesake.
     */
    private Optional<OperationOutcome> alreadySucceeded(List<GenericKubernetesResource> owned, EngineRequest request) {
        return newest(owned.stream().filter(ArgoExecutionEngine::processed)
                .filter(w -> !annotation(w, OPERATION_ANNOTATION).isEmpty()).filter(w -> carriesOut(w, request)).toList())
                .map(w -> outcome(w, request))
                .filter(outcome -> outcome instanceof OperationOutcome.Succeeded);
    }

    /**
     * Whether {@code workflow} carries out this request. Ours say so in annotations; a Workflow
     * created by the Go operator before a migration has none and is matched by its template and
     * resource id alone.
     */
    private static boolean carriesOut(GenericKubernetesResource workflow, EngineRequest request) {
        PlatformOperation operation = request.operation();
        if (!templateRef(workflow).startsWith(operationName(operation))) {
            return false;
        }
        if (!(operation instanceof PlatformOperation.Create)) {
            String id = operation instanceof PlatformOperation.Update u ? u.id() : ((PlatformOperation.Delete) operation).id();
            if (!argument(workflow, RESOURCE_ID).map(id::equals).orElse(false)) {
                return false;
            }
        }
        String operationAnnotation = annotation(workflow, OPERATION_ANNOTATION);
        if (operationAnnotation.isEmpty()) {
            return true;
        }
        return operationAnnotation.equals(operationName(operation))
                && annotation(workflow, OWNER_UID_ANNOTATION).equals(Objects.requireNonNullElse(request.owner().getMetadata().getUid(), ""))
                && (operation instanceof PlatformOperation.Delete || annotation(workflow, VERSION_ANNOTATION).equals(request.version()));
    }

    private OperationOutcome create(EngineRequest request, NamespacedName provider) {
        Optional<URI> endpoint = endpoints.endpoint(provider);
        if (endpoint.isEmpty()) {
            return new OperationOutcome.Unavailable("the provider service of Provider '" + provider + "' is not available yet");
        }
        PlatformOperation operation = request.operation();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(RESOURCE_KIND, request.type().pathSegment());
        // With a compiler image the Workflow compiles (the -compiled templates); otherwise the controller compiled already.
        boolean compiled = request.compilerImage().isPresent();
        if (!(operation instanceof PlatformOperation.Delete)) {
            parameters.put(RESOURCE_DEFINITION, request.body().toString());
        }
        if (operation instanceof PlatformOperation.Update update) {
            parameters.put(RESOURCE_ID, update.id());
        } else if (operation instanceof PlatformOperation.Delete delete) {
            parameters.put(RESOURCE_ID, delete.id());
        }
        parameters.put(PROVIDER_NAME, provider.toString());
        parameters.put(PROVIDER_SERVICE_URL, endpoint.get().getHost() + ":" + port(endpoint.get()));
        if (compiled) {
            parameters.put(PIPELINE_FRAMEWORK_IMAGE, request.compilerImage().get());
        }
        GenericKubernetesResource workflow = workflow(request, provider.namespace(), templateName(operation, compiled), parameters);
        GenericKubernetesResource created = client.genericKubernetesResources(WORKFLOW).inNamespace(provider.namespace()).resource(workflow).create();
        LOG.info("created Workflow {}/{} ({}) for {}", provider.namespace(), created.getMetadata().getName(), templateRef(created), request.ownerName());
        return new OperationOutcome.InProgress("waiting for Workflow " + provider.namespace() + "/" + created.getMetadata().getName());
    }

    /** The Workflow of one operation: generateName, owner labels, template reference and arguments. */
    static GenericKubernetesResource workflow(EngineRequest request, String namespace, String template, Map<String, String> parameters) {
        GenericKubernetesResource workflow = new GenericKubernetesResource();
        workflow.setApiVersion(API_VERSION);
        workflow.setKind("Workflow");
        String kind = request.type().pathSegment();
        workflow.setMetadata(new ObjectMetaBuilder()
                .withGenerateName(kind + "-" + request.owner().getMetadata().getName() + "-")
                .withNamespace(namespace)
                .addToLabels(Labels.OWNER_KIND, kind)
                .addToLabels(Labels.OWNER_NAME, request.owner().getMetadata().getName())
                .addToLabels(Labels.OWNER_NAMESPACE, request.owner().getMetadata().getNamespace())
                .addToAnnotations(OPERATION_ANNOTATION, operationName(request.operation()))
                .addToAnnotations(VERSION_ANNOTATION, Objects.requireNonNullElse(request.version(), ""))
                .addToAnnotations(OWNER_UID_ANNOTATION, Objects.requireNonNullElse(request.owner().getMetadata().getUid(), ""))
                .build());
        ObjectNode spec = JSON.createObjectNode();
        ArrayNode list = spec.putObject("arguments").putArray("parameters");
        parameters.forEach((name, value) -> list.addObject().put("name", name).put("value", value));
        spec.putObject("workflowTemplateRef").put("name", template);
        workflow.setAdditionalProperty("spec", JSON.convertValue(spec, Map.class));
        return workflow;
    }

    private OperationOutcome result(GenericKubernetesResource workflow, EngineRequest request) {
        String phase = phase(workflow);
        String name = workflow.getMetadata().getNamespace() + "/" + workflow.getMetadata().getName();
        if (!finished(workflow)) {
            return new OperationOutcome.InProgress("waiting for Workflow " + name + (phase.isEmpty() ? "" : " (" + phase + ")"));
        }
        markProcessed(workflow);
        return outcome(workflow, request);
    }

    /** What a finished Workflow answered. */
    private static OperationOutcome outcome(GenericKubernetesResource workflow, EngineRequest request) {
        String phase = phase(workflow);
        String name = workflow.getMetadata().getNamespace() + "/" + workflow.getMetadata().getName();
        String message = message(workflow);
        if (ERROR.equals(phase)) {
            return new OperationOutcome.Unavailable("Workflow " + name + " errored" + (message.isEmpty() ? "" : ": " + message));
        }
        if (FAILED.equals(phase)) {
            return new OperationOutcome.Rejected("Workflow " + name + " failed" + (message.isEmpty() ? "" : ": " + message));
        }
        boolean delete = request.operation() instanceof PlatformOperation.Delete;
        String output = output(workflow, PROVIDER_OUTPUT).orElse("");
        Optional<String> status = output(workflow, PROVIDER_STATUS).map(String::trim);
        if (status.isPresent() && status.get().matches("\\d{3}")) {
            int code = Integer.parseInt(status.get());
            if (code == 0) {
                return new OperationOutcome.Unavailable("Workflow " + name + " could not reach the provider service");
            }
            return ProviderServiceClient.outcome(code, output, delete, "Workflow " + name, io.kfpoperator.api.v1beta1.ServiceContract.of(request.provider()));
        }
        // Upstream's templates report only the answer's body.
        JsonNode answer = parse(output);
        String providerError = answer.path("providerError").asText("");
        return providerError.isEmpty() ? new OperationOutcome.Succeeded(answer.path("id").asText("")) : new OperationOutcome.Rejected(providerError);
    }

    /** startedAt to finishedAt as Argo recorded them; creation to now when it did not. */
    private static java.time.Duration duration(GenericKubernetesResource workflow) {
        JsonNode status = tree(workflow).path("status");
        try {
            java.time.Instant started = java.time.Instant.parse(status.path("startedAt").asText(
                    Objects.requireNonNullElse(workflow.getMetadata().getCreationTimestamp(), "")));
            String finishedAt = status.path("finishedAt").asText("");
            java.time.Instant finished = finishedAt.isEmpty() ? java.time.Instant.now() : java.time.Instant.parse(finishedAt);
            return finished.isBefore(started) ? java.time.Duration.ZERO : java.time.Duration.between(started, finished);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Duration.ZERO;
        }
    }

    private void markProcessed(GenericKubernetesResource workflow) {
        client.genericKubernetesResources(WORKFLOW).inNamespace(workflow.getMetadata().getNamespace())
                .withName(workflow.getMetadata().getName())
                .edit(w -> {
                    w.getMetadata().getLabels().put(PROCESSED_LABEL, "true");
                    return w;
                });
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    private static JsonNode parse(String output) {
        try {
            JsonNode node = output.isBlank() ? null : JSON.readTree(output);
            return node == null ? JSON.createObjectNode() : node;
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
