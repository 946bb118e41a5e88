package io.kfpoperator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --state-dir}: the user's resources (namespaces and our kinds) saved to one JSON file
 * whenever they change and on stop, and created again on the next start. What the controller
 * creates itself (objects with owners: a RunConfiguration's RunSchedules and Runs) and status are
 * not kept: the simulated platform starts empty, so the controller must create everything on it
 * again, as it would after losing a real platform.
 */
final class StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String FILE = "resources.json";
    private static final String GROUP = "pipelines.kubeflow.org";
    static final ResourceDefinitionContext NAMESPACES = new ResourceDefinitionContext.Builder()
            .withVersion("v1").withPlural("namespaces").withKind("Namespace").withNamespaced(false).build();
    /** Our kinds, in the order they are re-created (what a resource refers to comes first). */
    static final List<ResourceDefinitionContext> KINDS = List.of(
            ours("providers", "Provider"), ours("pipelines", "Pipeline"), ours("experiments", "Experiment"),
            ours("runconfigurations", "RunConfiguration"), ours("runschedules", "RunSchedule"), ours("runs", "Run"));

    private final Path file;
    private String lastSaved = "";

    StateStore(Path dir) {
        this.file = dir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    private static ResourceDefinitionContext ours(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1beta1").withPlural(plural).withKind(kind)
                .withNamespaced(true).build();
    }

    /** Creates the saved resources; returns how many. */
    int restore(KubernetesClient client) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        JsonNode saved;
        try {
            saved = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox state " + file + ": " + e.getMessage(), e);
        }
        int created = 0;
        for (JsonNode item : saved.path("items")) {
            GenericKubernetesResource resource = JSON.convertValue(item, GenericKubernetesResource.class);
            ResourceDefinitionContext context = context(resource);
            if (context == null) {
                continue;
            }
            try {
                var operation = client.genericKubernetesResources(context);
                if (context.isNamespaceScoped()) {
                    operation.inNamespace(resource.getMetadata().getNamespace()).resource(resource).create();
                } else {
                    operation.resource(resource).create();
                }
                created++;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("sandbox could not restore {} {}: {}", resource.getKind(), resource.getMetadata().getName(), e.getMessage());
                }
            }
        }
        try {
            lastSaved = Files.readString(file);
        } catch (IOException e) {
            lastSaved = "";
        }
        return created;
    }

    private static ResourceDefinitionContext context(GenericKubernetesResource resource) {
        if ("Namespace".equals(resource.getKind())) {
            return NAMESPACES;
        }
        return KINDS.stream().filter(k -> k.getKind().equals(resource.getKind())).findFirst().orElse(null);
    }

    /** Writes the current resources when they differ from what was last written. */
    synchronized void save(KubernetesClient client) {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode items = state.putArray("items");
        collect(client, NAMESPACES, items);
        KINDS.forEach(kind -> collect(client, kind, items));
        String text;
        try {
            text = JSON.writeValueAsString(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.equals(lastSaved)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE + ".tmp");
            Files.writeString(temporary, text);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            lastSaved = text;
        } catch (IOException e) {
            LOG.warn("sandbox could not save its state to {}: {}", file, e.getMessage());
        }
    }

    private static void collect(KubernetesClient client, ResourceDefinitionContext context, ArrayNode items) {
        var operation = client.genericKubernetesResources(context);
        List<GenericKubernetesResource> list = context.isNamespaceScoped() ? operation.inAnyNamespace().list().getItems()
                : operation.list().getItems();
        for (GenericKubernetesResource resource : list) {
            if (resource.getMetadata().getOwnerReferences() != null && !resource.getMetadata().getOwnerReferences().isEmpty()) {
                continue;
            }
            if (resource.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            ObjectNode item = JSON.valueToTree(resource);
            item.remove("status");
            ObjectNode metadata = (ObjectNode) item.path("metadata");
            for (String field : List.of("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "finalizers",
                    "deletionTimestamp", "deletionGracePeriodSeconds")) {
                metadata.remove(field);
            }
            items.add(item);
        }
    }
}
