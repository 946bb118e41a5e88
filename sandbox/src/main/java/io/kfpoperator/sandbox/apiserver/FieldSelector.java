package io.kfpoperator.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code metadata.name=x,involvedObject.kind!=Pod}) evaluated by the front:
 * kubectl's `wait`, `delete` and `describe` depend on it, and the front applies it to any field
 * instead of the handful the mock understands.
 */
record FieldSelector(List<Requirement> requirements) {

    record Requirement(String field, boolean equals, String value) {
    }

    static FieldSelector parse(String selector) {
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
                    throw new IllegalArgumentException("invalid field selector term '" + term + "'");
                }
                String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
                requirements.add(new Requirement(term.substring(0, eq).trim(), true, value));
            }
        }
        return new FieldSelector(List.copyOf(requirements));
    }

    /** The name a {@code metadata.name=x} requirement pins the selection to. */
    java.util.Optional<String> requiredName() {
        return requirements.stream().filter(r -> r.equals() && r.field().equals("metadata.name")).map(Requirement::value).findFirst();
    }

    boolean matches(JsonNode object) {
        for (Requirement requirement : requirements) {
            JsonNode node = object;
            for (String part : requirement.field().split("\\.")) {
                node = node.path(part);
            }
            String actual = node.isValueNode() ? node.asText() : "";
            if (actual.equals(requirement.value()) != requirement.equals()) {
                return false;
            }
        }
        return true;
    }
}
