package io.kfpoperator.controller.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.validation.InvalidResourceException;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the webhook decides about one write: the reconcilers' validators ({@link ResourceValidator}),
 * so a resource refused here is one the reconciler would fail, with the same field paths and words.
 * The Provider-dependent rules need the Provider, read through {@code providers}.
 */
public final class ResourceAdmission {

    private final Function<NamespacedName, Provider> providers;

    /** @param providers the Provider of that name, or null when there is none */
    public ResourceAdmission(Function<NamespacedName, Provider> providers) {
        this.providers = providers;
    }

    /** @param violations empty when admitted */
    public record Decision(List<Violation> violations) {
        public boolean allowed() {
            return violations.isEmpty();
        }
    }

    /**
     * @param operation   CREATE, UPDATE, DELETE or CONNECT
     * @param subResource "" for the main resource; status writes are the controller's and not checked
     * @param old         the object before an UPDATE, or null
     */
    public Decision review(String operation, String subResource, JsonNode object, JsonNode old) {
        if (!("CREATE".equals(operation) || "UPDATE".equals(operation)) || !subResource.isEmpty() || object == null
                || !Manifests.KINDS.containsKey(object.path("kind").asText())) {
            return new Decision(List.of());
        }
        HasMetadata resource;
        try {
            resource = Manifests.read(object);
        } catch (InvalidResourceException e) {
            return new Decision(e.violations());
        } catch (IllegalArgumentException e) {
            return new Decision(List.of(new Violation("", e.getMessage())));
        }
        List<Violation> violations = new ArrayList<>(ResourceValidator.validate(resource));
        String reference = providerReference(resource);
        if (violations.isEmpty() && reference != null && providerRulesApply(operation, object, old)) {
            NamespacedName name = NamespacedName.parse(reference);
            violations.addAll(ResourceValidator.validateAgainstProvider(resource, reference, providers.apply(name)));
        }
        return new Decision(List.copyOf(violations));
    }

    /**
     * A write that leaves the spec as it was (finalizers, labels, annotations, deletion) is not
     * refused because its Provider has since gone or changed: otherwise a resource whose Provider
     * was deleted could never lose its finalizer.
     */
    private static boolean providerRulesApply(String operation, JsonNode object, JsonNode old) {
        if (!"UPDATE".equals(operation) || old == null) {
            return true;
        }
        if (!object.path("metadata").path("deletionTimestamp").isMissingNode()) {
            return false;
        }
        return !Objects.equals(object.path("spec"), old.path("spec"))
                || !Objects.equals(object.path("metadata").path("namespace"), old.path("metadata").path("namespace"));
    }

    /** The Provider the resource names (validated already as namespace/name), or null for a Provider itself. */
    static String providerReference(HasMetadata resource) {
        if (resource instanceof Pipeline p) {
            return p.getSpec().getProvider();
        } else if (resource instanceof Experiment e) {
            return e.getSpec().getProvider();
        } else if (resource instanceof RunSchedule rs) {
            return rs.getSpec().getProvider();
        } else if (resource instanceof Run r) {
            return r.getSpec().getProvider();
        } else if (resource instanceof RunConfiguration rc) {
            return rc.getSpec().getRun().getProvider();
        }
        return null;
    }
}
