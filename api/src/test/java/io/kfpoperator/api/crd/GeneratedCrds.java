package io.kfpoperator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kfpoperator.api.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The CRDs this build generated (api/target/crds) and a walk over every node of their schemas. */
final class GeneratedCrds {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One schema node: where it is, what it is, the property schema that describes it (itself,
     * or for items and map values the list's or map's), whether it is a property, and whether a
     * CEL rule on it or above reads it.
     */
    record Node(String path, JsonNode schema, JsonNode describedBy, boolean property, boolean underCelRule) {
    }

    interface Visitor {
        void visit(Node node);
    }

    private GeneratedCrds() {
    }

    static Stream<String> files() {
        Path dir = Repository.root().resolve("api/target/crds");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            assertThat(names).as("CRDs in %s", dir).hasSize(6);
            return names.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode schema(String file) {
        try {
            JsonNode crd = YAML.readTree(Repository.root().resolve("api/target/crds").resolve(file).toFile());
            JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
            assertThat(schema.isObject()).as("openAPIV3Schema of %s", file).isTrue();
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visits the root and every property, items and additionalProperties schema below it. */
    static void walk(JsonNode root, Visitor visitor) {
        walk(root, "", root, false, false, visitor);
    }

    private static void walk(JsonNode schema, String path, JsonNode describedBy, boolean property, boolean underCelRule, Visitor visitor) {
        Reach reach = reach(schema);
        visitor.visit(new Node(path.isEmpty() ? "." : path, schema, describedBy, property, underCelRule || reach.whole()));
        boolean below = underCelRule || reach.whole();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            walk(p.getValue(), path + "." + p.getKey(), p.getValue(), true, below || reach.fields().contains(p.getKey()), visitor);
        }
        if (schema.path("items").isObject()) {
            walk(schema.get("items"), path + "[]", describedBy, false, below, visitor);
        }
        if (schema.path("additionalProperties").isObject()) {
            walk(schema.get("additionalProperties"), path + "{}", describedBy, false, below, visitor);
        }
    }

    /** What the CEL rules on a node read: the whole node, or only some of its properties. */
    private record Reach(boolean whole, Set<String> fields) {
    }

    /**
     * {@code self.field} and {@code oldSelf.field} read that property; {@code self} used any other
     * way ({@code self.all(…)}, {@code self == …}) reads the whole node.
     */
    private static Reach reach(JsonNode schema) {
        boolean whole = false;
        Set<String> fields = new HashSet<>();
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            Matcher m = SELF.matcher(rule.path("rule").asText());
            while (m.find()) {
                if (m.group(1) != null && m.group(2) == null) {
                    fields.add(m.group(1));
                } else {
                    whole = true;
                }
            }
        }
        return new Reach(whole, fields);
    }

    private static final Pattern SELF = Pattern.compile("\\b(?:self|oldSelf)\\b(?:\\.([A-Za-z_][A-Za-z0-9_]*)(\\s*\\()?)?");
}
