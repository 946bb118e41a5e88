package io.kfpoperator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every list, map and string of the generated CRDs is bounded (maxItems, maxProperties,
 * maxLength). The API server estimates the cost of a CEL rule from these bounds; without them it
 * sizes every list and string by the 3 MiB request limit, and a rule such as the duplicate check
 * on triggers.schedules (every item compared with every other) would exceed the per-rule cost
 * limit and the CRD would be rejected. The bounds also keep the API honest: each is stated, with
 * its reason, in the field's description.
 *
 * <p>Not required to have a maxLength:
 * <ul>
 *   <li>strings with {@code format: date-time}: the API server accepts only RFC 3339 times and
 *       sizes them by the longest one;</li>
 *   <li>enum strings not under a CEL rule: only the listed values are accepted, and no rule
 *       reads them (older API servers size an enum string by the request limit, so one under a
 *       rule needs a maxLength all the same);</li>
 *   <li>the root's apiVersion and kind: the API server requires them to name this CRD's group,
 *       version and kind before the schema is looked at.</li>
 * </ul>
 * Int-or-string values (Quantities in embedded core/v1 types) have no type string and are not
 * checked; no CEL rule reads them.
 */
class CrdBoundsTest {

    private static final Set<String> ROOT_STRINGS = Set.of(".apiVersion", ".kind");
    private static final Set<String> SCALAR_TYPES = Set.of("string", "integer", "number", "boolean");
    private static final String UNIQUE_ITEMS_RULE = "self.all(x, self.exists_one(y, x == y))";

    static Stream<String> crds() {
        return GeneratedCrds.files();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyListMapAndStringIsBounded(String file) {
        List<String> unbounded = new ArrayList<>();
        GeneratedCrds.walk(GeneratedCrds.schema(file), node -> {
            JsonNode s = node.schema();
            String type = s.path("type").asText("");
            if (type.equals("array") && !s.has("maxItems")) {
                unbounded.add(node.path() + ": list without maxItems");
            }
            if (s.path("additionalProperties").isObject() && !s.has("maxProperties")) {
                unbounded.add(node.path() + ": map without maxProperties");
            }
            if (type.equals("string") && !s.has("maxLength") && !exempt(node)) {
                unbounded.add(node.path() + ": string without maxLength");
            }
        });
        assertThat(unbounded).as("unbounded lists, maps and strings of %s", file).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void everyBoundIsStatedInTheFieldsDescription(String file) {
        List<String> unstated = new ArrayList<>();
        GeneratedCrds.walk(GeneratedCrds.schema(file), node -> {
            String description = node.describedBy().path("description").asText("");
            for (String keyword : List.of("maxLength", "maxItems", "maxProperties")) {
                if (node.schema().has(keyword) && !description.contains(node.schema().get(keyword).asText())) {
                    unstated.add(node.path() + ": " + keyword + " " + node.schema().get(keyword).asText()
                            + " not in the description \"" + description + "\"");
                }
            }
        });
        assertThat(unstated).as("bounds of %s their descriptions do not state", file).isEmpty();
    }

    /**
     * A list of scalars is a {@code x-kubernetes-list-type: set} when its items must be unique:
     * the API server reports the duplicate itself, at no CEL cost. The CEL rule comparing every
     * pair is kept only for lists of objects, where list types cannot say "unique items".
     */
    @ParameterizedTest
    @MethodSource("crds")
    void uniqueScalarsAreSetsAndSetsHoldScalars(String file) {
        List<String> problems = new ArrayList<>();
        GeneratedCrds.walk(GeneratedCrds.schema(file), node -> {
            JsonNode s = node.schema();
            boolean scalarItems = SCALAR_TYPES.contains(s.path("items").path("type").asText(""));
            if ("set".equals(s.path("x-kubernetes-list-type").asText()) && !scalarItems) {
                problems.add(node.path() + ": x-kubernetes-list-type set on a list of non-scalars");
            }
            for (JsonNode rule : s.path("x-kubernetes-validations")) {
                if (rule.path("rule").asText().replace(" ", "").equals(UNIQUE_ITEMS_RULE.replace(" ", "")) && scalarItems) {
                    problems.add(node.path() + ": unique scalars checked by CEL; use x-kubernetes-list-type: set");
                }
            }
        });
        assertThat(problems).as("list types of %s", file).isEmpty();
    }

    private static boolean exempt(GeneratedCrds.Node node) {
        JsonNode s = node.schema();
        return ROOT_STRINGS.contains(node.path())
                || "date-time".equals(s.path("format").asText())
                || (s.has("enum") && !node.underCelRule());
    }
}
