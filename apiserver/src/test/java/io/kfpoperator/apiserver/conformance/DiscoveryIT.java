package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.GROUP;
import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Discovery and printing of the operator's CRDs as kube-apiserver serves them. Every expectation
 * is derived from the chart's CRD documents, so descriptions, columns and short names added to the
 * CRDs later are checked too.
 */
class DiscoveryIT {

    /** The verbs the apiextensions discovery controller lists for a served custom resource, and for its status subresource. */
    private static final Set<String> CR_VERBS = Set.of("delete", "deletecollection", "get", "list", "patch", "create", "update", "watch");
    private static final Set<String> STATUS_VERBS = Set.of("get", "patch", "update");

    private static TestCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster();
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JsonNode names(JsonNode crd) {
        return crd.path("spec").path("names");
    }

    private static JsonNode served(JsonNode crd) {
        return crd.path("spec").path("versions").get(0);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    @DisplayName("CRDs (discovery): kubectl api-resources lists every CRD's plural, short names, group/version, scope and kind")
    void apiResources() {
        Kubectl.Result result = kubectl.run("api-resources", "--api-group=" + GROUP, "-o", "wide");

        assertThat(result.exitCode()).as(result.all()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.get(0).trim().split("\\s+")).containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES");
        List<String> expected = new ArrayList<>();
        for (JsonNode crd : Conformance.crds()) {
            String verbs = String.join(",", new TreeSet<>(CR_VERBS));
            String row = String.join(" ", names(crd).path("plural").asText(), String.join(",", strings(names(crd).path("shortNames"))),
                    GROUP + "/" + served(crd).path("name").asText(), Boolean.toString(!"Cluster".equals(crd.path("spec").path("scope").asText())),
                    names(crd).path("kind").asText(), verbs, String.join(",", strings(names(crd).path("categories")))).trim();
            expected.add(row.replaceAll("\\s+", " "));
        }
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.trim().replaceAll("\\s+", " ")).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(kubectl.run("api-versions").out().lines()).contains(GROUP + "/v1beta1");
    }

    @Test
    @DisplayName("CRDs (discovery document /apis/<group>/<version>, fabric8 getApiResources): each resource and its status "
            + "subresource with kube-apiserver's verbs")
    void discoveryDocument() {
        APIResourceList resources = cluster.client.getApiResources(GROUP + "/v1beta1");
        Map<String, APIResource> byName = new java.util.HashMap<>();
        resources.getResources().forEach(r -> byName.put(r.getName(), r));

        assertThat(cluster.client.getApiGroup(GROUP).getPreferredVersion().getGroupVersion()).isEqualTo(GROUP + "/v1beta1");
        for (JsonNode crd : Conformance.crds()) {
            String plural = names(crd).path("plural").asText();
            APIResource resource = byName.get(plural);
            assertThat(resource).as(plural).isNotNull();
            assertThat(resource.getKind()).isEqualTo(names(crd).path("kind").asText());
            assertThat(resource.getSingularName()).isEqualTo(names(crd).path("singular").asText());
            assertThat(resource.getNamespaced()).isEqualTo(!"Cluster".equals(crd.path("spec").path("scope").asText()));
            assertThat(resource.getShortNames()).containsExactlyElementsOf(strings(names(crd).path("shortNames")));
            assertThat(resource.getVerbs()).containsExactlyInAnyOrderElementsOf(CR_VERBS);
            if (served(crd).path("subresources").has("status")) {
                APIResource status = byName.get(plural + "/status");
                assertThat(status).as(plural + "/status").isNotNull();
                assertThat(status.getVerbs()).containsExactlyInAnyOrderElementsOf(STATUS_VERBS);
                assertThat(status.getKind()).isEqualTo(names(crd).path("kind").asText());
            }
        }
    }

    // ---------------------------------------------------------------- printer columns

    private static final Pattern FILTER = Pattern.compile("^((?:\\.\\w+)+)\\[\\?\\(@\\.(\\w+)\\s*==\\s*[\"'](.*?)[\"']\\)\\]\\.(\\w+)$");

    /** The two JSONPath shapes the chart's columns use: .a.b.c and .a[?(@.k=="v")].b. */
    private static String evaluate(String jsonPath, JsonNode object) {
        Matcher filter = FILTER.matcher(jsonPath);
        if (filter.matches()) {
            JsonNode list = object;
            for (String part : filter.group(1).substring(1).split("\\.")) {
                list = list.path(part);
            }
            for (JsonNode item : list) {
                if (item.path(filter.group(2)).asText().equals(filter.group(3))) {
                    return item.path(filter.group(4)).asText();
                }
            }
            return "";
        }
        assertThat(jsonPath).as("a JSONPath this test can evaluate").matches("(\\.\\w+)+");
        JsonNode node = object;
        for (String part : jsonPath.substring(1).split("\\.")) {
            node = node.path(part);
        }
        return node.isValueNode() ? node.asText() : "";
    }

    private static String manifest(JsonNode crd, String namespace, String name) {
        String kind = names(crd).path("kind").asText();
        String spec = switch (kind) {
            case "Pipeline" -> "{provider: kfp-operator/kfp, image: i:1, framework: {name: static, parameters: {uri: 'file://x'}}}";
            case "RunConfiguration" -> "{run: {provider: kfp-operator/kfp, pipeline: hello-world}}";
            case "Provider" -> "{serviceImage: i:1, serviceAccount: sa, pipelineRootStorage: 'gs://b'}";
            case "RunSchedule" -> "{provider: kfp-operator/kfp, pipeline: hello-world, schedule: {cronExpression: '0 * * * *'}}";
            default -> "{provider: kfp-operator/kfp}";
        };
        return "apiVersion: " + GROUP + "/v1beta1\nkind: " + kind + "\nmetadata: {name: " + name + ", namespace: " + namespace + "}\nspec: " + spec + "\n";
    }

    /** A status every chart column finds a value in (Synchronized among other conditions). */
    /** Every column of every kind gets a value (a Run's integer Attempts too; pruned where the schema has no such field). */
    private static String status(JsonNode crd) {
        JsonNode statusSchema = served(crd).path("schema").path("openAPIV3Schema").path("properties").path("status").path("properties");
        String provider = statusSchema.path("provider").path("type").asText().equals("string") ? "\"kfp-operator/kfp\""
                : "{\"id\":\"prov-1\",\"name\":\"kfp-operator/kfp\"}";
        return """
                {"status":{"provider":%s,"version":"v1-abc","completionState":"Succeeded","attempt":2,"conditions":[
                  {"type":"Other","status":"False","reason":"Ignored","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"},
                  {"type":"Synchronized","status":"True","reason":"Succeeded","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
                """.formatted(provider);
    }

    @Test
    @DisplayName("CRDs (additional printer columns): kubectl get prints NAME and the CRD's columns (no implicit AGE when the CRD "
            + "declares columns), each cell from its JSONPath; -o wide adds the priority > 0 ones")
    void printerColumns() {
        String ns = Conformance.namespace(cluster, "columns");
        for (JsonNode crd : Conformance.crds()) {
            String plural = names(crd).path("plural").asText();
            assertThat(kubectl.runWithInput(manifest(crd, ns, "x"), "create", "-f", "-").exitCode()).isZero();
            Answer patched = http(cluster, "PATCH", path(ns, plural, "x") + "/status", "application/merge-patch+json", status(crd));
            assertThat(patched.code()).as(patched.raw()).isEqualTo(200);
            JsonNode stored = patched.body();

            for (boolean wide : List.of(false, true)) {
                List<String> header = new ArrayList<>(List.of("NAME"));
                List<String> row = new ArrayList<>(List.of("x"));
                for (JsonNode column : served(crd).path("additionalPrinterColumns")) {
                    if (wide || column.path("priority").asInt(0) == 0) {
                        header.add(column.path("name").asText().toUpperCase(Locale.ROOT));
                        row.add(evaluate(column.path("jsonPath").asText(), stored));
                    }
                }
                if (served(crd).path("additionalPrinterColumns").isEmpty()) {
                    header.add("AGE");
                }
                Kubectl.Result printed = wide ? kubectl.run("get", plural, "x", "-n", ns, "-o", "wide") : kubectl.run("get", plural, "x", "-n", ns);
                assertThat(printed.exitCode()).as(printed.all()).isZero();
                List<String> lines = printed.out().lines().toList();
                assertThat(lines.get(0).trim().split("\\s{2,}")).as(plural + " header").containsExactlyElementsOf(header);
                if (!served(crd).path("additionalPrinterColumns").isEmpty()) {
                    // An empty last cell (a field the object leaves unset) is only trailing blanks on the line.
                    while (row.get(row.size() - 1).isEmpty()) {
                        row.remove(row.size() - 1);
                    }
                    assertThat(lines.get(1).trim().split("\\s{2,}")).as(plural + " row").containsExactlyElementsOf(row);
                }
            }
        }
    }

    @Test
    @DisplayName("API concepts (receiving resources as Tables) for CRDs: the Table's columns are Name (format name) and the CRD's "
            + "columns, described by their description or \"Custom resource definition column (in JSONPath format): <path>\"")
    void tableColumnDefinitions() throws Exception {
        String ns = Conformance.namespace(cluster, "table");
        JsonNode crd = Conformance.crd("pipelines");
        assertThat(kubectl.runWithInput(manifest(crd, ns, "x"), "create", "-f", "-").exitCode()).isZero();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.server.uri() + path(ns, "pipelines", null)))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").build(), HttpResponse.BodyHandlers.ofString());
        JsonNode table = Conformance.json(response.body());

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        JsonNode definitions = table.path("columnDefinitions");
        assertThat(definitions.get(0).path("name").asText()).isEqualTo("Name");
        assertThat(definitions.get(0).path("type").asText()).isEqualTo("string");
        assertThat(definitions.get(0).path("format").asText()).isEqualTo("name");
        assertThat(definitions.get(0).path("description").asText()).startsWith("Name must be unique within a namespace. Is required when creating");
        JsonNode columns = served(crd).path("additionalPrinterColumns");
        assertThat(definitions).hasSize(columns.size() + 1);
        for (int i = 0; i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            JsonNode definition = definitions.get(i + 1);
            assertThat(definition.path("name").asText()).isEqualTo(column.path("name").asText());
            assertThat(definition.path("type").asText()).isEqualTo(column.path("type").asText());
            assertThat(definition.path("priority").asInt()).isEqualTo(column.path("priority").asInt(0));
            String description = column.path("description").asText("");
            assertThat(definition.path("description").asText()).isEqualTo(description.isEmpty()
                    ? "Custom resource definition column (in JSONPath format): " + column.path("jsonPath").asText() : description);
        }
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("cells").get(0).asText()).isEqualTo("x");
        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    }

    // ---------------------------------------------------------------- explain

    /** How kubectl explain names a schema's type. */
    private static String typeName(JsonNode schema) {
        String type = schema.path("type").asText();
        return switch (type) {
            case "array" -> "[]" + typeName(schema.path("items"));
            case "object" -> schema.has("additionalProperties") && !schema.has("properties") ? "map[string]" + typeName(schema.path("additionalProperties"))
                    : "Object";
            case "" -> "Object";
            default -> type;
        };
    }

    /** A field as kubectl explain prints it: "  name\t<type>[ -required-]", its "  enum: a, b" line if any, and its description, unwrapped. */
    private record Field(String header, String enumLine, String description) {
        Field(String header, String description) {
            this(header, null, description);
        }
    }

    /** The fields after "FIELDS:", by name. */
    private static Map<String, Field> printedFields(List<String> lines) {
        Map<String, Field> fields = new java.util.LinkedHashMap<>();
        String name = null;
        String header = null;
        String enumLine = null;
        StringBuilder description = new StringBuilder();
        for (String line : lines.subList(lines.indexOf("FIELDS:") + 1, lines.size())) {
            if (line.startsWith("  enum: ")) {
                enumLine = line;
            } else if (line.startsWith("  ") && !line.startsWith("   ")) {
                if (name != null) {
                    fields.put(name, new Field(header, enumLine, description.toString().trim()));
                }
                header = line;
                name = line.trim().split("\\t")[0];
                enumLine = null;
                description.setLength(0);
            } else if (!line.isBlank()) {
                description.append(' ').append(line.trim());
            }
        }
        if (name != null) {
            fields.put(name, new Field(header, enumLine, description.toString().trim()));
        }
        return fields;
    }

    private static TreeSet<String> fieldNames(JsonNode schema) {
        TreeSet<String> names = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    /** The text between DESCRIPTION: and FIELDS:, unwrapped. */
    private static String printedDescription(List<String> lines) {
        return normalized(String.join(" ", lines.subList(lines.indexOf("DESCRIPTION:") + 1, lines.indexOf("FIELDS:"))));
    }

    private static String describedAs(JsonNode schema) {
        String description = schema.path("description").asText("");
        return description.isEmpty() ? "<no description>" : normalized(description);
    }

    @Test
    @DisplayName("kubectl explain <kind>.spec (OpenAPI v3 published for CRDs): GROUP, KIND, VERSION, FIELD, the schema's description "
            + "or <empty>, and every field with its type, -required- and its description or <no description>")
    void explainSpec() {
        for (JsonNode crd : Conformance.crds()) {
            String kind = names(crd).path("kind").asText();
            JsonNode spec = served(crd).path("schema").path("openAPIV3Schema").path("properties").path("spec");

            Kubectl.Result explained = kubectl.run("explain", kind.toLowerCase(Locale.ROOT) + ".spec");

            assertThat(explained.exitCode()).as(explained.all()).isZero();
            List<String> lines = explained.out().lines().toList();
            assertThat(lines.subList(0, 3)).containsExactly("GROUP:      " + GROUP, "KIND:       " + kind, "VERSION:    v1beta1");
            assertThat(lines).contains("FIELD: spec <Object>");
            assertThat(printedDescription(lines)).isEqualTo(spec.path("description").asText("").isEmpty() ? "<empty>"
                    : normalized(spec.path("description").asText()));
            Map<String, Field> fields = printedFields(lines);
            Set<String> required = new java.util.HashSet<>(strings(spec.path("required")));
            assertThat(fields.keySet()).as(kind).containsExactlyElementsOf(fieldNames(spec));
            for (Map.Entry<String, Field> field : fields.entrySet()) {
                JsonNode property = spec.path("properties").path(field.getKey());
                assertThat(field.getValue().header()).as(kind + ".spec." + field.getKey())
                        .isEqualTo("  " + field.getKey() + "\t<" + typeName(property) + ">" + (required.contains(field.getKey()) ? " -required-" : ""));
                assertThat(field.getValue().description()).as(kind + ".spec." + field.getKey()).isEqualTo(describedAs(property));
                assertThat(field.getValue().enumLine()).as(kind + ".spec." + field.getKey() + " enum").isEqualTo(property.has("enum")
                        ? "  enum: " + String.join(", ", strings(property.path("enum"))) : null);
            }
        }
    }

    @Test
    @DisplayName("kubectl explain <kind> (apiextensions OpenAPI builder): apiVersion and kind described as TypeMeta, metadata as the "
            + "standard object metadata, spec and status as the CRD describes them; the root description is the CRD's or <empty>")
    void explainRoot() {
        for (JsonNode crd : Conformance.crds()) {
            String kind = names(crd).path("kind").asText();
            JsonNode root = served(crd).path("schema").path("openAPIV3Schema");

            Kubectl.Result explained = kubectl.run("explain", kind.toLowerCase(Locale.ROOT));

            assertThat(explained.exitCode()).as(explained.all()).isZero();
            List<String> lines = explained.out().lines().toList();
            assertThat(printedDescription(lines)).isEqualTo(root.path("description").asText("").isEmpty() ? "<empty>"
                    : normalized(root.path("description").asText()));
            Map<String, Field> fields = printedFields(lines);
            assertThat(fields.keySet()).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
            assertThat(fields.get("apiVersion")).isEqualTo(new Field("  apiVersion\t<string>", "APIVersion defines the versioned schema of "
                    + "this representation of an object. Servers should convert recognized schemas to the latest internal value, and may "
                    + "reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"));
            assertThat(fields.get("kind")).isEqualTo(new Field("  kind\t<string>", "Kind is a string value representing the REST resource "
                    + "this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. "
                    + "In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"));
            // kube-apiserver refers metadata to the ObjectMeta definition (kubectl prints <ObjectMeta>); the description is the same.
            assertThat(fields.get("metadata").description()).isEqualTo("Standard object's metadata. More info: "
                    + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
            for (String part : List.of("spec", "status")) {
                assertThat(fields.get(part).header()).startsWith("  " + part + "\t<Object>");
                assertThat(fields.get(part).description()).as(kind + "." + part).isEqualTo(describedAs(root.path("properties").path(part)));
            }
        }
    }

    @Test
    @DisplayName("kubectl explain prints the descriptions a CRD's schema carries (root, spec, fields; long ones wrapped), as the "
            + "CRD's published OpenAPI v3 schema holds them")
    void explainPrintsCrdDescriptions() {
        com.fasterxml.jackson.databind.node.ObjectNode crd = (com.fasterxml.jackson.databind.node.ObjectNode) Conformance.crd("pipelines").deepCopy();
        String group = "described.conformance.example.com";
        crd.withObjectProperty("metadata").put("name", "describedpipelines." + group);
        com.fasterxml.jackson.databind.node.ObjectNode spec = crd.withObjectProperty("spec");
        spec.put("group", group);
        spec.withObjectProperty("names").put("plural", "describedpipelines").put("singular", "describedpipeline").put("kind", "DescribedPipeline")
                .putArray("shortNames").add("dmlp");
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) spec.path("versions").get(0).path("schema")
                .path("openAPIV3Schema");
        root.put("description", "A pipeline whose schema is described.");
        com.fasterxml.jackson.databind.node.ObjectNode specSchema = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("properties").path("spec");
        specSchema.put("description", "What the pipeline is built from.");
        String long_ = "The container image that holds the pipeline's code; its tag comes first in every version the operator "
                + "derives for this pipeline, so that a new image always makes a new version on the platform.";
        ((com.fasterxml.jackson.databind.node.ObjectNode) specSchema.path("properties").path("image")).put("description", long_);
        Kubectl.Result applied = kubectl.runWithInput(crd.toString(), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.all()).isZero();

        Kubectl.Result rootExplained = kubectl.run("explain", "describedpipeline");
        Kubectl.Result specExplained = kubectl.run("explain", "describedpipeline.spec");

        assertThat(rootExplained.exitCode()).as(rootExplained.all()).isZero();
        assertThat(printedDescription(rootExplained.out().lines().toList())).isEqualTo("A pipeline whose schema is described.");
        assertThat(printedFields(rootExplained.out().lines().toList()).get("spec").description()).isEqualTo("What the pipeline is built from.");
        List<String> specLines = specExplained.out().lines().toList();
        assertThat(printedDescription(specLines)).isEqualTo("What the pipeline is built from.");
        assertThat(printedFields(specLines).get("image")).isEqualTo(new Field("  image\t<string> -required-", long_));
        String provider = Conformance.crd("pipelines").at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/provider/description").asText();
        assertThat(printedFields(specLines).get("provider").description().replaceAll("\\s+", " ")).isEqualTo(provider);
        assertThat(specLines.stream().filter(l -> l.startsWith("    ")).mapToInt(String::length).max().orElse(0))
                .as("long descriptions wrapped").isLessThanOrEqualTo(84);
    }
}
