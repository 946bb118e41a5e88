package io.kfpoperator.apiserver.printing;

import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import static io.kfpoperator.apiserver.printing.JsonPathTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ResourceType PIPELINES = ResourceRegistry.fromCrd(json("""
            {"spec": {"group": "pipelines.kubeflow.org", "scope": "Namespaced",
              "names": {"kind": "Pipeline", "plural": "pipelines", "singular": "pipeline", "shortNames": ["mlp"]},
              "versions": [{"name": "v1beta1", "served": true, "storage": true, "subresources": {"status": {}},
                "additionalPrinterColumns": [
                  {"name": "SynchronizationState", "type": "string", "jsonPath": ".status.conditions[?(@.type==\\"Synchronized\\")].reason"},
                  {"name": "Version", "type": "string", "jsonPath": ".status.version", "priority": 1}]}]}}
            """)).get(0);

    @Test
    void columnsAreNameThenThePrinterColumnsWithCellsFromEachObject() {
        JsonNode pipeline = json("""
                {"apiVersion": "pipelines.kubeflow.org/v1beta1", "kind": "Pipeline",
                 "metadata": {"name": "hello", "namespace": "default", "resourceVersion": "7"},
                 "status": {"version": "v1-abc", "conditions": [{"type": "Synchronized", "reason": "Succeeded"}]}}
                """);
        JsonNode unsynced = json("""
                {"metadata": {"name": "new", "namespace": "default"}}
                """);

        ObjectNode table = Tables.table(PIPELINES, List.of(pipeline, unsynced), "9", null, true, NOW);

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(table.at("/metadata/resourceVersion").asText()).isEqualTo("9");
        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "SynchronizationState", "Version");
        assertThat(table.at("/columnDefinitions/2/priority").asInt()).isEqualTo(1);
        assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"hello\",\"Succeeded\",\"v1-abc\"]");
        assertThat(table.at("/rows/1/cells").toString()).isEqualTo("[\"new\",null,null]");
        assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(table.at("/rows/0/object/metadata/name").asText()).isEqualTo("hello");
        assertThat(table.at("/rows/0/object").has("status")).isFalse();
    }

    @Test
    void includeObjectControlsTheRowObject() {
        JsonNode pipeline = json("{\"metadata\": {\"name\": \"hello\"}, \"spec\": {\"image\": \"x\"}}");
        assertThat(Tables.table(PIPELINES, List.of(pipeline), null, "Object", true, NOW).at("/rows/0/object/spec/image").asText()).isEqualTo("x");
        assertThat(Tables.table(PIPELINES, List.of(pipeline), null, "None", true, NOW).at("/rows/0").has("object")).isFalse();
    }

    @Test
    void kindsWithoutPrinterColumnsShowNameAndAge() {
        ResourceType namespaces = ResourceRegistry.BUILTINS.get(0);
        JsonNode namespace = json("{\"metadata\": {\"name\": \"default\", \"creationTimestamp\": \"2026-01-01T11:57:00Z\"}}");

        ObjectNode table = Tables.table(namespaces, List.of(namespace), null, null, true, NOW);

        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age");
        assertThat(table.at("/rows/0/cells").toString()).isEqualTo("[\"default\",\"3m\"]");
    }

    @Test
    void agesReadAsKubectlPrintsThem() {
        assertThat(Tables.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Tables.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Tables.humanDuration(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Tables.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Tables.humanDuration(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
        assertThat(Tables.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(Tables.humanDuration(Duration.ofHours(51))).isEqualTo("2d3h");
        assertThat(Tables.humanDuration(Duration.ofDays(40))).isEqualTo("40d");
    }

    @Test
    void onlyTableAcceptHeadersGetTables() {
        assertThat(Tables.wanted("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).isTrue();
        assertThat(Tables.wanted("application/json")).isFalse();
        assertThat(Tables.wanted(null)).isFalse();
    }
}
