package io.kfpoperator.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.v1beta1.Groups;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.validation.InvalidResourceException;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Admission for our kinds: the shared validators (strict manifest reading, then the rules every
 * entry point applies), so `kubectl apply` of a broken manifest fails at once with the field path,
 * as a cluster with the CRDs' schema and CEL rules would.
 */
public final class Admission {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Admission() {
    }

    /** Whether admission applies to this kind (ours only; built-in kinds are stored as they come). */
    public static boolean applies(ResourceType type) {
        return Groups.API_VERSION.equals(type.groupVersion()) && Manifests.KINDS.containsKey(type.kind());
    }

    /**
     * The violations of {@code object} (created, or replacing {@code previous} when not null);
     * empty when it is admitted.
     */
    public static List<Violation> review(JsonNode object, JsonNode previous) {
        HasMetadata resource;
        try {
            resource = Manifests.read(object);
        } catch (InvalidResourceException e) {
            return e.violations();
        } catch (IllegalArgumentException e) {
            return List.of(new Violation("", e.getMessage()));
        }
        List<Violation> violations = ResourceValidator.validate(resource);
        if (!violations.isEmpty() || previous == null || !(resource instanceof Run updated)) {
            return violations;
        }
        try {
            return ResourceValidator.validateUpdate(Manifests.read(previous, Run.class), updated);
        } catch (InvalidResourceException e) {
            // The stored Run predates a stricter rule: judge the update on its own.
            return List.of();
        }
    }

    /** The Status a real API server answers for an invalid object (422, reason Invalid, one cause per violation). */
    public static ObjectNode invalid(ResourceType type, String name, List<Violation> violations) {
        String details = violations.stream().map(Violation::toString).collect(Collectors.joining(", "));
        ObjectNode status = JSON.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure")
                .put("message", type.kind() + "." + type.group() + " \"" + Optional.ofNullable(name).orElse("") + "\" is invalid: " + details)
                .put("reason", "Invalid");
        ObjectNode detail = status.putObject("details").put("name", name).put("group", type.group()).put("kind", type.kind());
        ArrayNode causes = detail.putArray("causes");
        for (Violation violation : violations) {
            causes.addObject().put("reason", "FieldValueInvalid").put("message", violation.message()).put("field", violation.path());
        }
        status.put("code", 422);
        return status;
    }
}
