package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.json;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static io.kfpoperator.apiserver.conformance.Conformance.resource;
import static io.kfpoperator.apiserver.conformance.Conformance.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PATCH as kube-apiserver serves it for custom resources: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902), strategic merge patch refused, and kubectl's client-side apply, which is a three-way
 * JSON merge patch computed against the last-applied-configuration annotation.
 */
class PatchIT {

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

    private static String pipelineWithListsAndMaps(String namespace, String name) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata:
                  name: %s
                  namespace: %s
                  labels: {team: ml, stage: dev}
                spec:
                  provider: kfp-operator/kfp
                  image: ghcr.io/example/penguin:v1
                  env:
                    - {name: A, value: "1"}
                    - {name: B, value: "2"}
                  framework:
                    name: tfx
                    parameters: {pipeline: penguin.create, beamArgs: [{name: x, value: y}], keep: me}
                """.formatted(name, namespace);
    }

    private static JsonNode getJson(String namespace, String plural, String name) {
        Kubectl.Result result = kubectl.run("get", plural, name, "-n", namespace, "-o", "json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return json(result.out());
    }

    // RFC 7386 §2: members of objects merge recursively, a null value removes the member, and any
    // other value (an array included) replaces the target's value as a whole.
    private static void assertMergedPerRfc7386(JsonNode patched) {
        assertThat(patched.path("metadata").path("labels").properties()).extracting(Map.Entry::getKey).containsExactly("team");
        assertThat(patched.path("spec").path("env")).isEqualTo(json("[{\"name\":\"C\",\"value\":\"3\"}]"));
        assertThat(patched.path("spec").path("image").asText()).isEqualTo("ghcr.io/example/penguin:v1");
        JsonNode parameters = patched.path("spec").path("framework").path("parameters");
        assertThat(parameters.has("keep")).isFalse();
        assertThat(parameters.path("pipeline").asText()).isEqualTo("penguin.create");
        assertThat(parameters.path("beamArgs")).isEqualTo(json("[{\"name\":\"z\",\"value\":\"w\"}]"));
        assertThat(parameters.path("added").asText()).isEqualTo("new");
    }

    private static final String MERGE_PATCH = """
            {"metadata":{"labels":{"stage":null}},
             "spec":{"env":[{"name":"C","value":"3"}],
                     "framework":{"parameters":{"keep":null,"beamArgs":[{"name":"z","value":"w"}],"added":"new"}}}}
            """;

    @Test
    @DisplayName("RFC 7386 JSON merge patch (API concepts: patch types; kubectl patch --type merge): lists replaced, null deletes")
    void mergePatchWithKubectl() {
        String ns = Conformance.namespace(cluster, "merge");
        assertThat(kubectl.runWithInput(pipelineWithListsAndMaps(ns, "p"), "create", "-f", "-").exitCode()).isZero();

        Kubectl.Result patched = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge", "-p", MERGE_PATCH);

        assertThat(patched.exitCode()).as(patched.all()).isZero();
        assertThat(patched.out().trim()).isEqualTo("pipeline.pipelines.kubeflow.org/p patched");
        assertMergedPerRfc7386(getJson(ns, "pipeline", "p"));
    }

    @Test
    @DisplayName("RFC 7386 JSON merge patch (fabric8 patch(PatchContext.of(JSON_MERGE), …)): lists replaced, null deletes")
    void mergePatchWithFabric8() {
        String ns = Conformance.namespace(cluster, "merge-f8");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);
        pipelines.resource(resource(cluster.client, pipelineWithListsAndMaps(ns, "p"))).create();

        GenericKubernetesResource patched = pipelines.withName("p").patch(PatchContext.of(PatchType.JSON_MERGE), MERGE_PATCH);

        assertMergedPerRfc7386(Conformance.JSON.valueToTree(patched));
        assertMergedPerRfc7386(getJson(ns, "pipeline", "p"));
    }

    @Test
    @DisplayName("RFC 7386 JSON merge patch of a whole object (fabric8 patch(JSON_MERGE, item)): its lists replace the stored ones")
    void mergePatchOfWholeObjectWithFabric8() {
        String ns = Conformance.namespace(cluster, "merge-item");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);
        GenericKubernetesResource created = pipelines.resource(resource(cluster.client, pipelineWithListsAndMaps(ns, "p"))).create();
        GenericKubernetesResource edited = resource(cluster.client, pipelineWithListsAndMaps(ns, "p"));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) edited.getAdditionalProperties().get("spec");
        spec.put("env", List.of(Map.of("name", "B", "value", "2")));
        edited.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());

        pipelines.resource(edited).patch(PatchContext.of(PatchType.JSON_MERGE));

        assertThat(getJson(ns, "pipeline", "p").path("spec").path("env")).isEqualTo(json("[{\"name\":\"B\",\"value\":\"2\"}]"));
    }

    @Test
    @DisplayName("API concepts (PATCH): a successful patch is answered 200 OK with the patched object")
    void patchAnswers200() {
        String ns = Conformance.namespace(cluster, "patch-code");
        assertThat(kubectl.runWithInput(pipeline(ns, "p"), "create", "-f", "-").exitCode()).isZero();

        Answer merge = http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/merge-patch+json", "{\"spec\":{\"image\":\"i:2\"}}");
        Answer jsonPatch = http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/image\",\"value\":\"i:3\"}]");

        assertThat(merge.code()).isEqualTo(200);
        assertThat(merge.body().path("spec").path("image").asText()).isEqualTo("i:2");
        assertThat(merge.body().path("kind").asText()).isEqualTo("Pipeline");
        assertThat(jsonPatch.code()).isEqualTo(200);
        assertThat(jsonPatch.body().path("spec").path("image").asText()).isEqualTo("i:3");
    }

    @Test
    @DisplayName("API concepts (PATCH): a patch without a resourceVersion is never refused for a concurrent write; the server "
            + "re-applies it to the latest object (GuaranteedUpdate), and a patch that names a stale resourceVersion gets 409")
    void concurrentPatchesWithoutPreconditionAllLand() throws Exception {
        String ns = Conformance.namespace(cluster, "patch-race");
        assertThat(kubectl.runWithInput(pipeline(ns, "p"), "create", "-f", "-").exitCode()).isZero();
        int writers = 8;
        int patchesEach = 15;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<List<Integer>>> results = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    List<Integer> codes = new java.util.ArrayList<>();
                    for (int i = 0; i < patchesEach; i++) {
                        // Alternate JSON patch and merge patch, main resource and status: the writers the controller has.
                        boolean json = i % 2 == 0;
                        String target = path(ns, "pipelines", "p") + (i % 3 == 0 ? "/status" : "");
                        String field = (i % 3 == 0 ? "status" : "metadata") + "-w" + writer + "-" + i;
                        Answer answer = i % 3 == 0
                                ? http(cluster, "PATCH", target, "application/merge-patch+json",
                                        "{\"status\":{\"providerId\":\"" + field + "\"}}")
                                : json
                                        ? http(cluster, "PATCH", target, "application/json-patch+json",
                                                "[{\"op\":\"add\",\"path\":\"/metadata/labels/" + field + "\",\"value\":\"x\"}]")
                                        : http(cluster, "PATCH", target, "application/merge-patch+json",
                                                "{\"metadata\":{\"labels\":{\"" + field + "\":\"x\"}}}");
                        codes.add(answer.code());
                    }
                    return codes;
                }));
            }
            for (var result : results) {
                assertThat(result.get()).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode labels = getJson(ns, "pipeline", "p").path("metadata").path("labels");
        long written = java.util.stream.IntStream.range(0, writers).boxed()
                .flatMap(w -> java.util.stream.IntStream.range(0, patchesEach).filter(i -> i % 3 != 0).mapToObj(i -> "metadata-w" + w + "-" + i))
                .filter(labels::has).count();
        assertThat(written).isEqualTo((long) writers * java.util.stream.IntStream.range(0, patchesEach).filter(i -> i % 3 != 0).count());

        String stale = getJson(ns, "pipeline", "p").path("metadata").path("resourceVersion").asText();
        assertThat(http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"again\":\"1\"}}}").code()).isEqualTo(200);
        Answer conflict = http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/merge-patch+json",
                "{\"metadata\":{\"resourceVersion\":\"" + stale + "\",\"labels\":{\"late\":\"1\"}}}");
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.body().path("reason").asText()).isEqualTo("Conflict");
    }

    private static final String JSON_PATCH = """
            [{"op":"test","path":"/spec/image","value":"ghcr.io/example/penguin:v1"},
             {"op":"replace","path":"/spec/image","value":"ghcr.io/example/penguin:v2"},
             {"op":"add","path":"/spec/env/-","value":{"name":"C","value":"3"}},
             {"op":"remove","path":"/spec/env/0"},
             {"op":"add","path":"/metadata/labels/owner","value":"me"},
             {"op":"copy","from":"/spec/framework/parameters/keep","path":"/metadata/labels/copied"},
             {"op":"move","from":"/spec/framework/parameters/keep","path":"/spec/framework/parameters/moved"}]
            """;

    // RFC 6902 §4: operations apply in order, each to the result of the one before.
    private static void assertJsonPatched(JsonNode patched) {
        assertThat(patched.path("spec").path("image").asText()).isEqualTo("ghcr.io/example/penguin:v2");
        assertThat(patched.path("spec").path("env")).isEqualTo(json("[{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"C\",\"value\":\"3\"}]"));
        assertThat(patched.path("metadata").path("labels").path("owner").asText()).isEqualTo("me");
        assertThat(patched.path("metadata").path("labels").path("copied").asText()).isEqualTo("me");
        assertThat(patched.path("spec").path("framework").path("parameters").has("keep")).isFalse();
        assertThat(patched.path("spec").path("framework").path("parameters").path("moved").asText()).isEqualTo("me");
    }

    @Test
    @DisplayName("RFC 6902 JSON patch (kubectl patch --type json, fabric8 PatchType.JSON): test, replace, add, remove, copy, move in order")
    void jsonPatch() {
        String ns = Conformance.namespace(cluster, "json");
        assertThat(kubectl.runWithInput(pipelineWithListsAndMaps(ns, "a"), "create", "-f", "-").exitCode()).isZero();
        assertThat(kubectl.runWithInput(pipelineWithListsAndMaps(ns, "b"), "create", "-f", "-").exitCode()).isZero();

        Kubectl.Result patched = kubectl.run("patch", "pipeline", "a", "-n", ns, "--type", "json", "-p", JSON_PATCH);
        GenericKubernetesResource viaFabric8 = custom(cluster.client, "Pipeline").inNamespace(ns).withName("b")
                .patch(PatchContext.of(PatchType.JSON), JSON_PATCH);

        assertThat(patched.exitCode()).as(patched.all()).isZero();
        assertJsonPatched(getJson(ns, "pipeline", "a"));
        assertJsonPatched(Conformance.JSON.valueToTree(viaFabric8));
    }

    @Test
    @DisplayName("RFC 6902 §4.6/§5: a failing test op fails the whole patch, nothing applied; kube-apiserver answers 422 Invalid "
            + "\"the server rejected our request due to an error in our request\"")
    void jsonPatchFailingTest() {
        String ns = Conformance.namespace(cluster, "json-test");
        assertThat(kubectl.runWithInput(pipelineWithListsAndMaps(ns, "p"), "create", "-f", "-").exitCode()).isZero();
        JsonNode before = getJson(ns, "pipeline", "p");
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/image\",\"value\":\"changed\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/image\",\"value\":\"ghcr.io/example/penguin:v1\"}]";

        Kubectl.Result result = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "json", "-p", patch);
        Answer raw = http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/json-patch+json", patch);

        // handlers/patch.go: a patch that does not apply is NewGenericServerResponse(422, …), which keeps only the
        // generic 422 message; kubectl's checkErr prints it after "The request is invalid: ".
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().trim()).isEqualTo("The request is invalid: the server rejected our request due to an error in our request");
        assertThat(raw.code()).isEqualTo(422);
        assertThat(raw.body().path("reason").asText()).isEqualTo("Invalid");
        assertThat(raw.body().path("message").asText()).isEqualTo("the server rejected our request due to an error in our request");
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).withName("p").patch(PatchContext.of(PatchType.JSON), patch))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(getJson(ns, "pipeline", "p")).isEqualTo(before);
    }

    private static final String STRATEGIC_REFUSED = "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

    @Test
    @DisplayName("API concepts (patch types): strategic merge patch is not supported for custom resources, 415 UnsupportedMediaType")
    void strategicMergePatchOnCustomResource() {
        String ns = Conformance.namespace(cluster, "smp");
        assertThat(kubectl.runWithInput(pipeline(ns, "p"), "create", "-f", "-").exitCode()).isZero();
        String patch = "{\"spec\":{\"image\":\"changed\"}}";

        // kubectl patch's default --type is strategic; kubectl wraps the 415 as "<type> is not supported by <GVK>: <message>".
        Kubectl.Result result = kubectl.run("patch", "pipeline", "p", "-n", ns, "-p", patch);
        Kubectl.Result explicit = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "strategic", "-p", patch);
        Answer raw = http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/strategic-merge-patch+json", patch);

        String expected = "error: application/strategic-merge-patch+json is not supported by pipelines.kubeflow.org/v1beta1, Kind=Pipeline: "
                + STRATEGIC_REFUSED;
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err().trim()).isEqualTo(expected);
        assertThat(explicit.err().trim()).isEqualTo(expected);
        // negotiation.errUnsupportedMediaType: code, reason and message, no details.
        assertThat(raw.code()).isEqualTo(415);
        assertThat(raw.body().path("kind").asText()).isEqualTo("Status");
        assertThat(raw.body().path("status").asText()).isEqualTo("Failure");
        assertThat(raw.body().path("reason").asText()).isEqualTo("UnsupportedMediaType");
        assertThat(raw.body().path("code").asInt()).isEqualTo(415);
        assertThat(raw.body().path("message").asText()).isEqualTo(STRATEGIC_REFUSED);
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).withName("p")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(415);
                    assertThat(e.getStatus().getMessage()).isEqualTo(STRATEGIC_REFUSED);
                });
        assertThat(getJson(ns, "pipeline", "p").path("spec").path("image").asText()).isEqualTo("ghcr.io/example/hello-world:v1");
    }

    @Test
    @DisplayName("API concepts (patch types): built-in kinds take strategic merge patches (kubectl patch configmap, fabric8 STRATEGIC_MERGE)")
    void strategicMergePatchOnConfigMap() {
        String ns = Conformance.namespace(cluster, "smp-cm");
        assertThat(kubectl.run("create", "configmap", "c", "-n", ns, "--from-literal=a=1").exitCode()).isZero();

        Kubectl.Result result = kubectl.run("patch", "configmap", "c", "-n", ns, "-p", "{\"data\":{\"b\":\"2\"}}");
        cluster.client.configMaps().inNamespace(ns).withName("c").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"c\":\"3\"}}");

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(getJson(ns, "configmap", "c").path("data")).isEqualTo(json("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}"));
    }

    private static String runConfiguration(String namespace, String... crons) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: hourly
                  namespace: %s
                spec:
                  run:
                    provider: kfp-operator/kfp
                    pipeline: hello-world
                  triggers:
                    schedules:
                """.formatted(namespace));
        for (String cron : crons) {
            yaml.append("      - cronExpression: \"").append(cron).append("\"\n");
        }
        return yaml.toString();
    }

    @Test
    @DisplayName("kubectl apply (client-side; Declarative management: how apply calculates differences): a list item removed from "
            + "the file is removed from the object (RunConfiguration with two schedules edited down to one)")
    void clientSideApplyOfShorterList(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "apply-list");
        Path file = dir.resolve("runconfiguration.yaml");
        Files.writeString(file, runConfiguration(ns, "0 * * * *", "30 * * * *"));
        Kubectl.Result first = kubectl.run("apply", "-f", file.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly created");
        assertThat(getJson(ns, "runconfiguration", "hourly").path("spec").path("triggers").path("schedules")).hasSize(2);

        Files.writeString(file, runConfiguration(ns, "30 * * * *"));
        Kubectl.Result second = kubectl.run("apply", "-f", file.toString());

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly configured");
        JsonNode stored = getJson(ns, "runconfiguration", "hourly");
        assertThat(stored.path("spec").path("triggers").path("schedules")).isEqualTo(json("[{\"cronExpression\":\"30 * * * *\"}]"));
        // The annotation kubectl keeps is the file as last applied.
        JsonNode lastApplied = json(stored.path("metadata").path("annotations").path("kubectl.kubernetes.io/last-applied-configuration").asText());
        assertThat(lastApplied.path("spec")).isEqualTo(yaml(runConfiguration(ns, "30 * * * *")).path("spec"));

        Kubectl.Result third = kubectl.run("apply", "-f", file.toString());
        assertThat(third.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly unchanged");
    }

    @Test
    @DisplayName("fabric8 edit (a JSON patch of the difference): a RunConfiguration's schedules edited down to one store one")
    void fabric8EditOfShorterList() {
        String ns = Conformance.namespace(cluster, "edit-list");
        var runConfigurations = custom(cluster.client, "RunConfiguration").inNamespace(ns);
        runConfigurations.resource(resource(cluster.client, runConfiguration(ns, "0 * * * *", "30 * * * *"))).create();

        runConfigurations.withName("hourly").edit(rc -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> triggers = (Map<String, Object>) ((Map<String, Object>) rc.getAdditionalProperties().get("spec")).get("triggers");
            triggers.put("schedules", List.of(Map.of("cronExpression", "30 * * * *")));
            return rc;
        });

        assertThat(getJson(ns, "runconfiguration", "hourly").path("spec").path("triggers").path("schedules"))
                .isEqualTo(json("[{\"cronExpression\":\"30 * * * *\"}]"));
    }

    private static String pipelineWithMaps(String namespace, String labels, String annotations, String parameters) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata:
                  name: maps
                  namespace: %s
                  labels: %s
                  annotations: %s
                spec:
                  provider: kfp-operator/kfp
                  image: ghcr.io/example/penguin:v1
                  framework:
                    name: tfx
                    parameters: %s
                """.formatted(namespace, labels, annotations, parameters);
    }

    @Test
    @DisplayName("kubectl apply (client-side, three-way merge): map keys removed from the file are deleted, changed ones updated, "
            + "keys other writers set are kept (labels, annotations, spec.framework.parameters)")
    void clientSideApplyOfEditedMaps(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "apply-maps");
        Path file = dir.resolve("pipeline.yaml");
        Files.writeString(file, pipelineWithMaps(ns, "{a: '1', b: '2'}", "{first: one, second: two}", "{p: one, q: two}"));
        assertThat(kubectl.run("apply", "-f", file.toString()).exitCode()).isZero();
        // Another writer adds a label and a parameter: not in last-applied, so apply leaves them alone.
        assertThat(kubectl.run("label", "pipeline", "maps", "-n", ns, "other=kept").exitCode()).isZero();
        assertThat(kubectl.run("patch", "pipeline", "maps", "-n", ns, "--type", "merge",
                "-p", "{\"spec\":{\"framework\":{\"parameters\":{\"r\":\"theirs\"}}}}").exitCode()).isZero();

        Files.writeString(file, pipelineWithMaps(ns, "{a: '10'}", "{second: TWO}", "{q: two, s: new}"));
        Kubectl.Result applied = kubectl.run("apply", "-f", file.toString());

        assertThat(applied.exitCode()).as(applied.all()).isZero();
        JsonNode stored = getJson(ns, "pipeline", "maps");
        assertThat(stored.path("metadata").path("labels")).isEqualTo(json("{\"a\":\"10\",\"other\":\"kept\"}"));
        JsonNode annotations = stored.path("metadata").path("annotations").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) annotations).remove("kubectl.kubernetes.io/last-applied-configuration");
        assertThat(annotations).isEqualTo(json("{\"second\":\"TWO\"}"));
        assertThat(stored.path("spec").path("framework").path("parameters")).isEqualTo(json("{\"q\":\"two\",\"r\":\"theirs\",\"s\":\"new\"}"));
    }

    @Test
    @DisplayName("fabric8 edit of maps (labels, annotations, parameters): removed keys deleted, changed keys updated")
    void fabric8EditOfMaps() {
        String ns = Conformance.namespace(cluster, "edit-maps");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);
        pipelines.resource(resource(cluster.client, pipelineWithMaps(ns, "{a: '1', b: '2'}", "{first: one, second: two}", "{p: one, q: two}"))).create();

        pipelines.withName("maps").edit(p -> {
            p.getMetadata().getLabels().remove("b");
            p.getMetadata().getLabels().put("a", "10");
            p.getMetadata().getAnnotations().remove("first");
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties()
                    .get("spec")).get("framework")).get("parameters");
            parameters.remove("p");
            parameters.put("s", "new");
            return p;
        });

        JsonNode stored = getJson(ns, "pipeline", "maps");
        assertThat(stored.path("metadata").path("labels")).isEqualTo(json("{\"a\":\"10\"}"));
        assertThat(stored.path("metadata").path("annotations")).isEqualTo(json("{\"second\":\"two\"}"));
        assertThat(stored.path("spec").path("framework").path("parameters")).isEqualTo(json("{\"q\":\"two\",\"s\":\"new\"}"));
    }
}
