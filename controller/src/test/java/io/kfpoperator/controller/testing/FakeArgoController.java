package io.kfpoperator.controller.testing;

import static io.kfpoperator.controller.engine.argo.Workflows.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays Argo's workflow controller on the test API server: an informer on Workflows hands each
 * change to a worker that moves new Workflows
 * to {@code Running}, makes the provider-service call their WorkflowTemplate describes
 * (POST for create-*, PUT for update-*, DELETE for delete; compiled templates first
 * "compile" with a stand-in compiler and send {@code {pipelineDefinition, compiledPipeline}}
 * with the compiled pipeline as YAML text, as upstream's combine-files step does) against the
 * real provider service, and finishes them as our templates do: {@code Succeeded} with the
 * entry node's {@code provider-output} and {@code provider-status}, or {@code Failed} on HTTP 501.
 *
 * <p>Knobs let tests hold Workflows in {@code Running}, make the next ones end in a phase of
 * their choosing, or behave like upstream's templates (no {@code provider-status}).
 */
public final class FakeArgoController implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final KubernetesClient client;
    private final URI providerService;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread worker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final java.util.concurrent.BlockingQueue<String> changed = new java.util.concurrent.LinkedBlockingQueue<>();
    private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<GenericKubernetesResource> informer;
    private final Deque<String[]> scriptedEndings = new ArrayDeque<>();
    private final List<String> providerCalls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> serviceUrls = Collections.synchronizedList(new ArrayList<>());
    /** Uids of the Workflows in the order the watch saw them added, i.e. created. */
    private final List<String> added = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean hold;
    private volatile boolean upstreamTemplates;

    /** @param providerService where every {@code provider-service-url} is answered (the test's provider service) */
    public FakeArgoController(KubernetesClient client, URI providerService) {
        this.client = client;
        this.providerService = providerService;
        informer = client.genericKubernetesResources(WORKFLOW).inAnyNamespace().inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource workflow) {
                added.add(workflow.getMetadata().getUid());
                enqueue(workflow);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource workflow) {
                enqueue(workflow);
            }

            @Override
            public void onDelete(GenericKubernetesResource workflow, boolean unknownFinalState) {
            }
        });
        worker = new Thread(this::run, "fake-argo-controller");
        worker.setDaemon(true);
        worker.start();
    }

    private void enqueue(GenericKubernetesResource workflow) {
        changed.add(workflow.getMetadata().getNamespace() + "/" + workflow.getMetadata().getName());
    }

    /** Keep new Workflows {@code Running} until released. */
    public void hold(boolean hold) {
        this.hold = hold;
        if (!hold) {
            informer.getStore().list().forEach(this::enqueue);
        }
    }

    /** Behave like upstream's templates: report {@code provider-output} only. */
    public void upstreamTemplates(boolean upstream) {
        this.upstreamTemplates = upstream;
    }

    /** The next Workflow ends in {@code phase} (Failed, Error) with {@code message}, without calling the provider. */
    public synchronized void endNextIn(String phase, String message) {
        scriptedEndings.add(new String[] {phase, message});
    }

    /** Provider-service calls made, as "METHOD /path". */
    public List<String> providerCalls() {
        synchronized (providerCalls) {
            return List.copyOf(providerCalls);
        }
    }

    /** The {@code provider-service-url} arguments seen. */
    public List<String> serviceUrls() {
        synchronized (serviceUrls) {
            return List.copyOf(serviceUrls);
        }
    }

    /**
     * The Workflows on the API server, in the order they were created. (A list answers in name
     * order, as kube-apiserver does; the names end in generated suffixes, so that order means nothing.)
     */
    public List<GenericKubernetesResource> workflows() {
        List<GenericKubernetesResource> workflows = new ArrayList<>(client.genericKubernetesResources(WORKFLOW).inAnyNamespace().list().getItems());
        List<String> order;
        synchronized (added) {
            order = List.copyOf(added);
        }
        workflows.sort(java.util.Comparator.comparingInt(w -> {
            int index = order.indexOf(w.getMetadata().getUid());
            return index < 0 ? Integer.MAX_VALUE : index;
        }));
        return workflows;
    }

    /** Works through Workflows the informer saw change, one at a time, as Argo's controller would. */
    private void run() {
        while (running.get()) {
            try {
                String key = changed.take();
                GenericKubernetesResource workflow = informer.getStore().getByKey(key);
                if (workflow != null && !finished(workflow) && !"true".equals(labels(workflow).get(PROCESSED_LABEL))) {
                    advance(workflow);
                }
            } catch (InterruptedException e) {
                return;
            } catch (KubernetesClientException e) {
                // Deleted or changed under us (tests delete Workflows mid-way): its next event brings it back.
            }
        }
    }

    private void advance(GenericKubernetesResource workflow) {
        if (phase(workflow).isEmpty()) {
            writeStatus(workflow, status("Running", "", null));
            return;
        }
        if (hold) {
            return;
        }
        String[] ending;
        synchronized (this) {
            ending = scriptedEndings.poll();
        }
        if (ending != null) {
            writeStatus(workflow, status(ending[0], ending[1], null));
            return;
        }
        String url = argument(workflow, PROVIDER_SERVICE_URL).orElse("");
        serviceUrls.add(url);
        HttpResponse<String> answer = call(workflow);
        if (answer.statusCode() == 501) {
            writeStatus(workflow, status(FAILED, "child '" + workflow.getMetadata().getName() + "-provider' failed", null));
            return;
        }
        writeStatus(workflow, status(SUCCEEDED, "", answer));
    }

    private HttpResponse<String> call(GenericKubernetesResource workflow) {
        String template = templateRef(workflow);
        String kind = argument(workflow, RESOURCE_KIND).orElseThrow();
        String id = URLEncoder.encode(argument(workflow, RESOURCE_ID).orElse(""), StandardCharsets.UTF_8).replace("+", "%20");
        String base = providerService.toString().replaceAll("/$", "") + "/resource/" + kind;
        HttpRequest.Builder request;
        if (template.startsWith("create-")) {
            request = HttpRequest.newBuilder(URI.create(base)).POST(body(workflow, template));
        } else if (template.startsWith("update-")) {
            request = HttpRequest.newBuilder(URI.create(base + "/" + id)).PUT(body(workflow, template));
        } else if (template.equals("delete")) {
            request = HttpRequest.newBuilder(URI.create(base + "/" + id)).DELETE();
        } else {
            throw new IllegalStateException("unknown WorkflowTemplate " + template);
        }
        HttpRequest built = request.header("Content-Type", "application/yaml").build();
        providerCalls.add(built.method() + " " + built.uri().getPath());
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resource definition; compiled templates add the stand-in compiler's output as YAML text. */
    private static HttpRequest.BodyPublisher body(GenericKubernetesResource workflow, String template) {
        String definition = argument(workflow, RESOURCE_DEFINITION).orElseThrow();
        if (!template.endsWith("-compiled")) {
            return HttpRequest.BodyPublishers.ofString(definition);
        }
        try {
            JsonNode parsed = JSON.readTree(definition);
            ObjectNode compiled = JSON.createObjectNode();
            compiled.putObject("pipelineInfo").put("name", parsed.path("name").asText());
            compiled.put("schemaVersion", "2.1.0");
            compiled.put("compiledWith", argument(workflow, PIPELINE_FRAMEWORK_IMAGE).orElseThrow());
            ObjectNode combined = JSON.createObjectNode();
            combined.set("pipelineDefinition", parsed);
            combined.put("compiledPipeline", YAML.writeValueAsString(compiled));
            return HttpRequest.BodyPublishers.ofString(YAML.writeValueAsString(combined));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode status(String phase, String message, HttpResponse<String> answer) {
        ObjectNode status = JSON.createObjectNode();
        status.put("phase", phase);
        if (!message.isEmpty()) {
            status.put("message", message);
        }
        return answer == null ? status : status.put("_answerStatus", answer.statusCode()).put("_answerBody", answer.body());
    }

    private void writeStatus(GenericKubernetesResource workflow, ObjectNode status) {
        client.genericKubernetesResources(WORKFLOW).inNamespace(workflow.getMetadata().getNamespace())
                .withName(workflow.getMetadata().getName())
                .edit(w -> {
                    status.put("startedAt", w.getMetadata().getCreationTimestamp());
                    if (!"Running".equals(status.path("phase").asText())) {
                        status.put("finishedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                    }
                    w.setAdditionalProperty("status", JSON.convertValue(entryNode(w.getMetadata().getName(), status), Map.class));
                    return w;
                });
    }

    /** Argo keeps the entry template's outputs on the node named after the Workflow. */
    private ObjectNode entryNode(String workflowName, ObjectNode status) {
        if (!status.has("_answerStatus")) {
            return status;
        }
        int code = status.remove("_answerStatus").asInt();
        String body = status.remove("_answerBody").asText();
        ObjectNode node = status.putObject("nodes").putObject(workflowName);
        node.put("id", workflowName).put("name", workflowName).put("displayName", workflowName).put("type", "Steps")
                .put("phase", status.path("phase").asText());
        ArrayNode parameters = node.putObject("outputs").putArray("parameters");
        parameters.addObject().put("name", PROVIDER_OUTPUT).put("value", body);
        if (!upstreamTemplates) {
            parameters.addObject().put("name", PROVIDER_STATUS).put("value", String.format("%03d", code));
        }
        return status;
    }

    @Override
    public void close() {
        running.set(false);
        informer.close();
        worker.interrupt();
    }
}
