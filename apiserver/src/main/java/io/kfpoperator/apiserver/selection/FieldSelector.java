package io.kfpoperator.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A field selector ({@code metadata.name=x,involvedObject.kind!=Pod}). kube-apiserver supports
 * {@code metadata.name} and {@code metadata.namespace} on every kind and a few more fields per
 * built-in kind ({@link #supportedFields}); any other field is refused with 400.
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

    /** The fields kube-apiserver lets one select on for a kind (by plural, core and batch groups). */
    public static Set<String> supportedFields(String group, String plural) {
        Set<String> common = Set.of("metadata.name", "metadata.namespace");
        Set<String> extra = switch (group + "/" + plural) {
            case "/events" -> Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                    "reportingComponent", "source", "type");
            case "/pods" -> Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName");
            case "/secrets" -> Set.of("type");
            case "/namespaces" -> Set.of("status.phase");
            case "batch/jobs" -> Set.of("status.successful");
            default -> Set.of();
        };
        java.util.HashSet<String> all = new java.util.HashSet<>(common);
        all.addAll(extra);
        return all;
    }

    /** The first field this selector uses that {@code supported} does not contain. */
    public Optional<String> unsupportedField(Set<String> supported) {
        return requirements.stream().map(Requirement::field).filter(f -> !supported.contains(f)).findFirst();
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
