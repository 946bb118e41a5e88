package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Versions of a CustomResourceDefinition as kube-apiserver keeps them ("Versions in
 * CustomResourceDefinitions: Upgrade existing objects to a new stored version"): objects stay at
 * the version they were written at until written again, status.storedVersions lists every version
 * objects may be stored at, and a version cannot leave spec.versions while it is listed there
 * (apiextensions validation ValidateCustomResourceDefinitionStoredVersions).
 */
class StoredVersionsIT {

    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.conformance.example.com";
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String version(String name, boolean storage) {
        return """
                {"name": "%s", "served": true, "storage": %s, "schema": {"openAPIV3Schema": {"type": "object",
                  "properties": {"spec": {"type": "object", "properties": {"size": {"type": "integer"}}}}}}}
                """.formatted(name, storage);
    }

    private static String crd(String... versions) {
        return """
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                 "metadata": {"name": "widgets.conformance.example.com"},
                 "spec": {"group": "conformance.example.com", "scope": "Namespaced",
                          "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                          "versions": [%s]}}
                """.formatted(String.join(",", versions));
    }

    private static Answer replaceCrd(String body) {
        ObjectNode crd = (ObjectNode) json(body);
        String resourceVersion = Conformance.get(cluster, CRD_PATH).body().path("metadata").path("resourceVersion").asText();
        crd.withObjectProperty("metadata").put("resourceVersion", resourceVersion);
        return http(cluster, "PUT", CRD_PATH, "application/json", crd.toString());
    }

    private static Answer writeStoredVersions(String... versions) {
        ObjectNode crd = (ObjectNode) Conformance.get(cluster, CRD_PATH).body();
        ArrayNode stored = crd.withObjectProperty("status").putArray("storedVersions");
        for (String v : versions) {
            stored.add(v);
        }
        return http(cluster, "PUT", CRD_PATH + "/status", "application/json", crd.toString());
    }

    private static String widget(String version) {
        return "/apis/conformance.example.com/" + version + "/namespaces/default/widgets/w";
    }

    private static String resourceVersionOfWidget() {
        return Conformance.get(cluster, widget("v1")).body().path("metadata").path("resourceVersion").asText();
    }

    /** A PUT of the object exactly as it was read: a write that changes nothing the client can see. */
    private static Answer rewriteWidget() {
        JsonNode current = Conformance.get(cluster, widget("v1")).body();
        return http(cluster, "PUT", widget("v1"), "application/json", current.toString());
    }

    @Test
    @DisplayName("storage-version migration: rewrite objects, then drop the old version from status.storedVersions, then from spec.versions")
    void anOldVersionLeavesOnlyAfterItsObjectsAreRewrittenAndStoredVersionsSaysSo() {
        assertThat(http(cluster, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json",
                crd(version("v1alpha1", true), version("v1", false))).code()).isEqualTo(201);
        Conformance.await().until(() -> Conformance.get(cluster, "/apis/conformance.example.com/v1alpha1").code() == 200);
        assertThat(http(cluster, "POST", "/apis/conformance.example.com/v1alpha1/namespaces/default/widgets", "application/json",
                "{\"apiVersion\": \"conformance.example.com/v1alpha1\", \"kind\": \"Widget\", \"metadata\": {\"name\": \"w\"}, \"spec\": {\"size\": 3}}")
                .code()).isEqualTo(201);

        // v1 becomes the storage version; the widget is still stored at v1alpha1.
        Answer switched = replaceCrd(crd(version("v1alpha1", false), version("v1", true)));
        assertThat(switched.code()).as(switched.raw()).isEqualTo(200);
        assertThat(switched.body().path("status").path("storedVersions")).isEqualTo(json("[\"v1alpha1\", \"v1\"]"));

        Answer dropped = replaceCrd(crd(version("v1", true)));
        assertThat(dropped.code()).isEqualTo(422);
        assertThat(dropped.body().path("message").asText()).contains("status.storedVersions[0]: Invalid value: \"v1alpha1\": must appear in spec.versions");

        Answer none = writeStoredVersions();
        assertThat(none.code()).isEqualTo(422);
        assertThat(none.body().path("message").asText()).contains("status.storedVersions: Invalid value: []string{}: must have at least one stored version");
        Answer withoutStorage = writeStoredVersions("v1alpha1");
        assertThat(withoutStorage.code()).isEqualTo(422);
        assertThat(withoutStorage.body().path("message").asText()).contains("status.storedVersions: Invalid value: []string{\"v1alpha1\"}: must have the storage version v1");

        // The migration's write: unchanged for the client, but re-encoded at v1 (a new resourceVersion); again, a no-op.
        String before = resourceVersionOfWidget();
        assertThat(rewriteWidget().code()).isEqualTo(200);
        String rewritten = resourceVersionOfWidget();
        assertThat(rewritten).isNotEqualTo(before);
        assertThat(rewriteWidget().code()).isEqualTo(200);
        assertThat(resourceVersionOfWidget()).as("stored at the storage version already: nothing to write").isEqualTo(rewritten);

        assertThat(writeStoredVersions("v1").code()).isEqualTo(200);
        Answer removed = replaceCrd(crd(version("v1", true)));
        assertThat(removed.code()).as(removed.raw()).isEqualTo(200);
        assertThat(removed.body().path("status").path("storedVersions")).isEqualTo(json("[\"v1\"]"));
        assertThat(Conformance.get(cluster, widget("v1")).body().path("spec").path("size").asInt()).isEqualTo(3);
    }
}
