package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.json;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static io.kfpoperator.apiserver.conformance.Conformance.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Create and update semantics every kind gets from kube-apiserver's generic registry. */
class ObjectsIT {

    private static final String OPTIMISTIC_LOCK = "the object has been modified; please apply your changes to the latest version and try again";

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

    private static JsonNode getJson(String namespace, String kind, String name) {
        Kubectl.Result result = kubectl.run("get", kind, name, "-n", namespace, "-o", "json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return json(result.out());
    }

    private static void create(String manifest) {
        Kubectl.Result created = kubectl.runWithInput(manifest, "create", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
    }

    private static String withStatus(String manifest, String status) {
        return manifest + "status: " + status + "\n";
    }

    @Test
    @DisplayName("API conventions (idempotency): create of an existing name is 409 AlreadyExists naming the object "
            + "(errors.NewAlreadyExists: '<resource>.<group> \"<name>\" already exists')")
    void createOfExistingName() {
        String ns = Conformance.namespace(cluster, "exists");
        create(pipeline(ns, "p"));

        Kubectl.Result again = kubectl.runWithInput(pipeline(ns, "p"), "create", "-f", "-");
        Answer raw = http(cluster, "POST", path(ns, "pipelines", null), "application/json",
                Conformance.JSON.valueToTree(Conformance.yaml(pipeline(ns, "p"))).toString());

        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err().trim())
                .isEqualTo("Error from server (AlreadyExists): error when creating \"STDIN\": pipelines.pipelines.kubeflow.org \"p\" already exists");
        assertThat(raw.code()).isEqualTo(409);
        assertThat(raw.body().path("reason").asText()).isEqualTo("AlreadyExists");
        assertThat(raw.body().path("message").asText()).isEqualTo("pipelines.pipelines.kubeflow.org \"p\" already exists");
        assertThat(raw.body().path("details")).isEqualTo(json("{\"name\":\"p\",\"group\":\"pipelines.kubeflow.org\",\"kind\":\"pipelines\"}"));
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).resource(resource(cluster.client, pipeline(ns, "p"))).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                    assertThat(e.getStatus().getDetails().getName()).isEqualTo("p");
                });

        // A core kind: the resource is unqualified and StatusDetails leaves the empty group out.
        assertThat(kubectl.run("create", "configmap", "c", "-n", ns).exitCode()).isZero();
        Kubectl.Result configMap = kubectl.run("create", "configmap", "c", "-n", ns);
        Answer rawConfigMap = http(cluster, "POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");
        assertThat(configMap.err().trim()).isEqualTo("error: failed to create configmap: configmaps \"c\" already exists");
        assertThat(rawConfigMap.body().path("message").asText()).isEqualTo("configmaps \"c\" already exists");
        assertThat(rawConfigMap.body().path("details")).isEqualTo(json("{\"name\":\"c\",\"kind\":\"configmaps\"}"));
    }

    @Test
    @DisplayName("API conventions (metadata.generateName) and storage/names/generate.go: the name is the prefix (cut to 58 characters) "
            + "and 5 characters of \"bcdfghjklmnpqrstvwxz2456789\"")
    void generateName() {
        String ns = Conformance.namespace(cluster, "generate");
        String manifest = pipeline(ns, "unused").replace("name: unused", "generateName: hello-");

        Kubectl.Result created = kubectl.runWithInput(manifest, "create", "-f", "-", "-o", "name");
        GenericKubernetesResource viaFabric8 = custom(cluster.client, "Pipeline").inNamespace(ns)
                .resource(resource(cluster.client, manifest)).create();
        String longPrefix = "p".repeat(70);
        GenericKubernetesResource truncated = custom(cluster.client, "Pipeline").inNamespace(ns)
                .resource(resource(cluster.client, pipeline(ns, "unused").replace("name: unused", "generateName: " + longPrefix))).create();

        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(created.out().trim()).matches("pipeline\\.pipelines\\.kubeflow\\.org/hello-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(viaFabric8.getMetadata().getName()).matches("hello-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(viaFabric8.getMetadata().getGenerateName()).isEqualTo("hello-");
        assertThat(truncated.getMetadata().getName()).matches("p{58}[bcdfghjklmnpqrstvwxz2456789]{5}");
        String name = created.out().trim().substring(created.out().trim().indexOf('/') + 1);
        assertThat(getJson(ns, "pipeline", name).path("metadata").path("generateName").asText()).isEqualTo("hello-");
    }

    @Test
    @DisplayName("API conventions (concurrency control and consistency): an update carrying a stale resourceVersion is 409 Conflict")
    void updateWithStaleResourceVersion() {
        String ns = Conformance.namespace(cluster, "stale-put");
        create(pipeline(ns, "p"));
        JsonNode stale = getJson(ns, "pipeline", "p");
        assertThat(kubectl.run("label", "pipeline", "p", "-n", ns, "moved=on").exitCode()).isZero();
        ObjectNode edited = stale.deepCopy();
        ((ObjectNode) edited.path("spec")).put("image", "changed");

        Kubectl.Result replaced = kubectl.runWithInput(edited.toString(), "replace", "-f", "-");
        GenericKubernetesResource staleCopy = Conformance.JSON.convertValue(edited, GenericKubernetesResource.class);

        assertThat(replaced.exitCode()).isNotZero();
        assertThat(replaced.err().trim()).isEqualTo("Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled "
                + "on pipelines.pipelines.kubeflow.org \"p\": " + OPTIMISTIC_LOCK);
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).resource(staleCopy).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on pipelines.pipelines.kubeflow.org \"p\": "
                            + OPTIMISTIC_LOCK);
                });
        assertThat(getJson(ns, "pipeline", "p").path("spec").path("image").asText()).isEqualTo("ghcr.io/example/hello-world:v1");
    }

    @Test
    @DisplayName("Custom resources allow no unconditional update: a PUT without metadata.resourceVersion is 422 "
            + "\"metadata.resourceVersion: Invalid value: 0x0: must be specified for an update\"; kubectl replace fills it in")
    void updateWithoutResourceVersion() {
        String ns = Conformance.namespace(cluster, "no-rv");
        create(pipeline(ns, "p"));
        ObjectNode body = (ObjectNode) Conformance.JSON.valueToTree(Conformance.yaml(pipeline(ns, "p").replace("hello-world:v1", "hello-world:v2")));

        Answer raw = http(cluster, "PUT", path(ns, "pipelines", "p"), "application/json", body.toString());
        Kubectl.Result replaced = kubectl.runWithInput(pipeline(ns, "p").replace("hello-world:v1", "hello-world:v3"), "replace", "-f", "-");

        assertThat(raw.code()).isEqualTo(422);
        // registry.Store.Update names the kind by its resource (GroupKind{group, "pipelines"}) and prints the uint64 zero with %#v.
        assertThat(raw.body().path("message").asText())
                .isEqualTo("pipelines.pipelines.kubeflow.org \"p\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        assertThat(raw.body().path("details")).isEqualTo(json("""
                {"name":"p","group":"pipelines.kubeflow.org","kind":"pipelines","causes":[{"reason":"FieldValueInvalid",
                 "message":"Invalid value: 0x0: must be specified for an update","field":"metadata.resourceVersion"}]}"""));
        // kubectl's resource.Helper.Replace reads the live resourceVersion when the file has none.
        assertThat(replaced.exitCode()).as(replaced.all()).isZero();
        assertThat(getJson(ns, "pipeline", "p").path("spec").path("image").asText()).isEqualTo("ghcr.io/example/hello-world:v3");
    }

    @Test
    @DisplayName("API conventions (concurrency control): a patch carrying a resourceVersion is a precondition, 409 Conflict when stale")
    void patchWithStaleResourceVersion() {
        String ns = Conformance.namespace(cluster, "stale-patch");
        create(pipeline(ns, "p"));
        String stale = getJson(ns, "pipeline", "p").path("metadata").path("resourceVersion").asText();
        assertThat(kubectl.run("label", "pipeline", "p", "-n", ns, "moved=on").exitCode()).isZero();
        String staleMerge = "{\"metadata\":{\"resourceVersion\":\"" + stale + "\"},\"spec\":{\"image\":\"changed\"}}";

        Kubectl.Result patched = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge", "-p", staleMerge);
        String staleJsonPatch = "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + stale + "\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/image\",\"value\":\"changed\"}]";
        Answer raw = http(cluster, "PATCH", path(ns, "pipelines", "p"), "application/json-patch+json", staleJsonPatch);

        assertThat(patched.exitCode()).isNotZero();
        assertThat(patched.err().trim()).isEqualTo("Error from server (Conflict): Operation cannot be fulfilled on pipelines.pipelines.kubeflow.org "
                + "\"p\": " + OPTIMISTIC_LOCK);
        assertThat(raw.code()).isEqualTo(409);
        assertThat(raw.body().path("reason").asText()).isEqualTo("Conflict");
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).withName("p")
                .patch(PatchContext.of(PatchType.JSON_MERGE), staleMerge))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(getJson(ns, "pipeline", "p").path("spec").path("image").asText()).isEqualTo("ghcr.io/example/hello-world:v1");

        String current = getJson(ns, "pipeline", "p").path("metadata").path("resourceVersion").asText();
        Kubectl.Result fresh = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge",
                "-p", "{\"metadata\":{\"resourceVersion\":\"" + current + "\"},\"spec\":{\"image\":\"changed\"}}");
        assertThat(fresh.exitCode()).as(fresh.all()).isZero();
        assertThat(getJson(ns, "pipeline", "p").path("spec").path("image").asText()).isEqualTo("changed");
    }

    @Test
    @DisplayName("API conventions (concurrency control) on the status subresource: a status update with a stale resourceVersion is 409")
    void statusUpdateWithStaleResourceVersion() {
        String ns = Conformance.namespace(cluster, "stale-status");
        create(pipeline(ns, "p"));
        JsonNode stale = getJson(ns, "pipeline", "p");
        assertThat(kubectl.run("annotate", "pipeline", "p", "-n", ns, "moved=on").exitCode()).isZero();
        ObjectNode withStatus = stale.deepCopy();
        withStatus.putObject("status").put("version", "v1-abc");

        Kubectl.Result replaced = kubectl.runWithInput(withStatus.toString(), "replace", "--subresource=status", "-f", "-");
        GenericKubernetesResource staleCopy = Conformance.JSON.convertValue(withStatus, GenericKubernetesResource.class);

        assertThat(replaced.exitCode()).isNotZero();
        assertThat(replaced.err().trim()).isEqualTo("Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled "
                + "on pipelines.pipelines.kubeflow.org \"p\": " + OPTIMISTIC_LOCK);
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).resource(staleCopy).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(getJson(ns, "pipeline", "p").has("status")).isFalse();
    }

    private static long generation(String ns, String name) {
        return getJson(ns, "pipeline", name).path("metadata").path("generation").asLong(-1);
    }

    @Test
    @DisplayName("CRDs (status subresource): metadata.generation is 1 on create and incremented for all changes except to .metadata "
            + "or .status (kubectl label/annotate/patch)")
    void generationWithKubectl() {
        String ns = Conformance.namespace(cluster, "generation");
        create(pipeline(ns, "p"));
        assertThat(generation(ns, "p")).isEqualTo(1);

        assertThat(kubectl.run("label", "pipeline", "p", "-n", ns, "a=b").exitCode()).isZero();
        assertThat(kubectl.run("annotate", "pipeline", "p", "-n", ns, "c=d").exitCode()).isZero();
        Kubectl.Result status = kubectl.run("patch", "pipeline", "p", "-n", ns, "--subresource=status", "--type", "merge",
                "-p", "{\"status\":{\"version\":\"v1-abc\"}}");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(generation(ns, "p")).isEqualTo(1);

        assertThat(kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"image\":\"i:2\"}}").exitCode()).isZero();
        assertThat(generation(ns, "p")).isEqualTo(2);
        assertThat(kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge", "-p", "{\"spec\":{\"image\":\"i:3\"}}").exitCode()).isZero();
        assertThat(generation(ns, "p")).isEqualTo(3);
    }

    @Test
    @DisplayName("CRDs (status subresource): metadata.generation with fabric8 edit, editStatus and a no-op update (which writes nothing: "
            + "same resourceVersion)")
    void generationWithFabric8() {
        String ns = Conformance.namespace(cluster, "generation-f8");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);
        GenericKubernetesResource created = pipelines.resource(resource(cluster.client, pipeline(ns, "p"))).create();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1);

        GenericKubernetesResource labelled = pipelines.withName("p").edit(p -> {
            p.getMetadata().setLabels(Map.of("a", "b"));
            return p;
        });
        GenericKubernetesResource withStatus = pipelines.withName("p").editStatus(p -> {
            p.getAdditionalProperties().put("status", Map.of("version", "v1-abc"));
            return p;
        });
        assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1);
        assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1);

        GenericKubernetesResource respecified = pipelines.withName("p").edit(p -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) p.getAdditionalProperties().get("spec");
            spec.put("image", "i:2");
            return p;
        });
        assertThat(respecified.getMetadata().getGeneration()).isEqualTo(2);

        // etcd3 store GuaranteedUpdate: an update that changes nothing is not written.
        GenericKubernetesResource unchanged = pipelines.resource(respecified).update();
        assertThat(unchanged.getMetadata().getResourceVersion()).isEqualTo(respecified.getMetadata().getResourceVersion());
        assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(2);
    }

    @Test
    @DisplayName("ConfigMaps have no metadata.generation (the generic registry sets none; only kinds whose strategy tracks it do)")
    void configMapsHaveNoGeneration() {
        String ns = Conformance.namespace(cluster, "cm-generation");
        ConfigMap created = cluster.client.configMaps().inNamespace(ns)
                .resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().addToData("a", "1").build()).create();
        ConfigMap edited = cluster.client.configMaps().inNamespace(ns).withName("c").edit(c -> {
            c.getData().put("a", "2");
            return c;
        });

        assertThat(created.getMetadata().getGeneration()).isNull();
        assertThat(edited.getMetadata().getGeneration()).isNull();
        assertThat(getJson(ns, "configmap", "c").path("metadata").has("generation")).isFalse();
    }

    @Test
    @DisplayName("CRDs (status subresource): writes to the main resource ignore status; writes to /status change nothing but status")
    void statusSubresourceKeepsStatusAndSpecApart() {
        String ns = Conformance.namespace(cluster, "status-split");
        create(withStatus(pipeline(ns, "p"), "{version: from-create}"));
        assertThat(getJson(ns, "pipeline", "p").has("status")).isFalse();

        Kubectl.Result mainPatch = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge",
                "-p", "{\"status\":{\"version\":\"from-main\"},\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertThat(mainPatch.exitCode()).as(mainPatch.all()).isZero();
        assertThat(getJson(ns, "pipeline", "p").has("status")).isFalse();

        Kubectl.Result statusPatch = kubectl.run("patch", "pipeline", "p", "-n", ns, "--subresource=status", "--type", "merge",
                "-p", "{\"status\":{\"version\":\"v1-abc\"},\"spec\":{\"image\":\"ignored\"},\"metadata\":{\"labels\":{\"a\":\"ignored\"}}}");
        assertThat(statusPatch.exitCode()).as(statusPatch.all()).isZero();
        JsonNode stored = getJson(ns, "pipeline", "p");
        assertThat(stored.path("status").path("version").asText()).isEqualTo("v1-abc");
        assertThat(stored.path("spec").path("image").asText()).isEqualTo("ghcr.io/example/hello-world:v1");
        assertThat(stored.path("metadata").path("labels").path("a").asText()).isEqualTo("b");

        GenericKubernetesResource viaFabric8 = custom(cluster.client, "Pipeline").inNamespace(ns).withName("p").edit(p -> {
            p.getAdditionalProperties().put("status", Map.of("version", "from-fabric8"));
            return p;
        });
        assertThat(viaFabric8.getAdditionalProperties().get("status")).isEqualTo(Map.of("version", "v1-abc"));
    }
}
