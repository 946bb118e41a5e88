package io.kfpoperator.controller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates Argo objects against Argo's published JSON Schema
 * ({@code reference/argo/schema.json}), made strict: the published schema allows any
 * unknown property, so a misspelt field would pass; here every object type with declared
 * properties refuses undeclared ones.
 */
public final class ArgoSchema {

    public static final Path SCHEMA = ControllerHarness.repositoryRoot().resolve("reference/argo/schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ArgoSchema() {
    }

    /** Validation messages for {@code object} as the Argo kind {@code kind} (Workflow, WorkflowTemplate, …); empty when valid. */
    public static List<String> violations(String kind, Object object) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(kind, ArgoSchema::load);
        JsonNode tree = JSON.valueToTree(object);
        return schema.validate(tree).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(String kind) {
        ObjectNode root;
        try {
            root = (ObjectNode) JSON.readTree(SCHEMA.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode definitions = (ObjectNode) root.get("definitions");
        String name = "io.argoproj.workflow.v1alpha1." + kind;
        if (!definitions.has(name)) {
            throw new IllegalArgumentException("no Argo schema definition " + name);
        }
        for (Iterator<JsonNode> it = definitions.elements(); it.hasNext(); ) {
            JsonNode definition = it.next();
            if (definition.has("properties") && !definition.has("additionalProperties")) {
                ((ObjectNode) definition).put("additionalProperties", false);
            }
        }
        root.remove("oneOf");
        root.remove("type");
        // One schema per kind: a distinct id, or the factory hands back the first one it cached.
        root.put("$id", "urn:kfp-operator:argo-schema:" + kind);
        stripKubernetesExtensions(root);
        root.put("$ref", "#/definitions/" + name);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    /** x-kubernetes-* annotations say how to merge, not what is valid; the validator would only warn about them. */
    private static void stripKubernetesExtensions(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getKey().startsWith("x-kubernetes-"));
        }
        node.forEach(ArgoSchema::stripKubernetesExtensions);
    }

}
