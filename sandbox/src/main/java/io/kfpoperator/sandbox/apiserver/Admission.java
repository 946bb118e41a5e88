package io.kfpoperator.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.v1beta1.Groups;
import io.kfpoperator.api.validation.InvalidResourceException;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.admission.AdmissionHook;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.util.List;

/**
 * Validating admission for our kinds: the operator's own validators, for what the CRDs' schema
 * and CEL rules cannot express (cron syntax, image references, framework parameters, rules
 * across fields the schema has no words for), so `kubectl apply` of a broken manifest fails at
 * once with the field path. The schema, defaults and CEL rules ran before this, in the server.
 */
public final class Admission implements AdmissionHook {

    /** Whether admission applies to this kind (ours only; built-in kinds are stored as they come). */
    public static boolean applies(ResourceType type) {
        return Groups.API_VERSION.equals(type.groupVersion()) && Manifests.KINDS.containsKey(type.kind());
    }

    @Override
    public Verdict review(Request request) {
        if (!applies(request.type())) {
            return Verdict.admit();
        }
        List<Violation> violations = review(request.object(), request.old());
        if (violations.isEmpty()) {
            return Verdict.admit();
        }
        return Verdict.deny(violations.stream().map(v -> new FieldError(FieldError.Type.INVALID, v.path(), null, v.message())).toList());
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
        // A Run's spec staying as it was is the CRD's transition rule, checked by the server before this.
        return ResourceValidator.validate(resource);
    }
}
