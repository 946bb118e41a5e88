package io.kfpoperator.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A field selector ({@code metadata.name=x,involvedObject.kind!=Pod}). kube-apiserver supports
 * {@code metadata.name} and {@code metadata.namespace} on every kind and a few more fields per
 * built-in kind ({@link #refusal}); any other field is refused with 400.
 */
public record FieldSelector(List<Requirement> requirements) {

    public record Requirement(String field, boolean equals, String value) {
    }

    public static FieldSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        if (selector != null && !selector.isBlank()) {
            for (String term : selector.split(",")) {
                int ne = term.indexOf("!=");
                if (ne >= 0) {
                    requirements.add(new Requirement(term.substring(0, ne).trim(), false, term.substring(ne + 2).trim()));
                    continue;
                }
                int eq = term.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
                }
                String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
                requirements.add(new Requirement(term.substring(0, eq).trim(), true, value));
            }
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    /**
     * The fields of the built-in kinds that register a field label conversion function with
     * kube-apiserver's scheme (pkg/apis/core/v1/conversion.go, pkg/apis/batch/v1/conversion.go);
     * a field they do not list is refused with "field label not supported: <field>". Kinds without
     * such a function get runtime.DefaultMetaV1FieldSelectorConversion.
     */
    private static Set<String> convertedFields(String group, String plural) {
        return switch (group + "/" + plural) {
            case "/events" -> Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                    "reportingComponent", "source", "type", "metadata.namespace", "metadata.name");
            case "/pods" -> Set.of("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
                    "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName");
            case "/secrets" -> Set.of("type", "metadata.namespace", "metadata.name");
            case "/services" -> Set.of("metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type");
            case "/namespaces" -> Set.of("status.phase", "metadata.name");
            case "batch/jobs" -> Set.of("metadata.name", "metadata.namespace", "status.successful");
            default -> null;
        };
    }

    /**
     * Why kube-apiserver refuses to select {@code field} on a kind, or empty when it can: custom
     * resources take metadata.name and (namespaced) metadata.namespace and say "field label not
     * supported: f" otherwise (the CRD handler's crConverter); built-in kinds answer as their
     * conversion function does, or as the default one: {@code "f" is not a known field selector:
     * only "metadata.name", "metadata.namespace"}.
     */
    public static Optional<String> refusal(String group, String plural, boolean custom, boolean namespaced, String field) {
        if (custom) {
            boolean supported = field.equals("metadata.name") || (namespaced && field.equals("metadata.namespace"));
            return supported ? Optional.empty() : Optional.of("field label not supported: " + field);
        }
        Set<String> converted = convertedFields(group, plural);
        if (converted != null) {
            return converted.contains(field) ? Optional.empty() : Optional.of("field label not supported: " + field);
        }
        if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
            return Optional.empty();
        }
        return Optional.of("\"" + field + "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    /** The first refusal of this selector's fields for a kind (see {@link #refusal}). */
    public Optional<String> refusal(String group, String plural, boolean custom, boolean namespaced) {
        for (Requirement requirement : requirements) {
            Optional<String> refused = refusal(group, plural, custom, namespaced, requirement.field());
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    /** The name a {@code metadata.name=x} requirement pins the selection to. */
    public Optional<String> requiredName() {
        return requirements.stream().filter(r -> r.equals() && r.field().equals("metadata.name")).map(Requirement::value).findFirst();
    }

    public boolean matches(JsonNode object) {
        for (Requirement requirement : requirements) {
            JsonNode node = object;
            for (String part : requirement.field().split("\\.")) {
                node = node.path(part);
            }
            // Events' "source" is the reporting component, as kube-apiserver selects it.
            if (requirement.field().equals("source")) {
                node = object.path("source").path("component");
            }
            String actual = node.isValueNode() ? node.asText() : "";
            if (actual.equals(requirement.value()) != requirement.equals()) {
                return false;
            }
        }
        return true;
    }
}
