package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.await;
import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.json;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static io.kfpoperator.apiserver.conformance.Conformance.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.conformance.Conformance.Background;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Deletion: finalizers, garbage collection by ownerReferences, dry runs and namespaces. */
class DeletionIT {

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

    private static void create(String manifest) {
        Kubectl.Result created = kubectl.runWithInput(manifest, "create", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
    }

    private static JsonNode getJson(String namespace, String kind, String name) {
        Kubectl.Result result = kubectl.run("get", kind, name, "-n", namespace, "-o", "json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return json(result.out());
    }

    private static boolean exists(String namespace, String plural, String name) {
        int code = Conformance.get(cluster, path(namespace, plural, name)).code();
        assertThat(code).isIn(200, 404);
        return code == 200;
    }

    private static String withFinalizers(String manifest, String... finalizers) {
        return manifest.replace("metadata:\n", "metadata:\n  finalizers: [" + String.join(", ", finalizers) + "]\n");
    }

    private static void removeFinalizers(String namespace, String plural, String name) {
        Answer removed = http(cluster, "PATCH", path(namespace, plural, name), "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}");
        assertThat(removed.code()).as(removed.raw()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- finalizers

    @Test
    @DisplayName("Finalizers: deleting an object with finalizers sets deletionTimestamp and keeps it until the last finalizer is "
            + "removed; kubectl delete (--wait) returns once it is gone")
    void finalizerHoldsTheObject() {
        String ns = Conformance.namespace(cluster, "finalizer");
        create(withFinalizers(pipeline(ns, "p"), "example.com/hold"));

        try (Background delete = new Background(kubectl, "delete", "pipeline", "p", "-n", ns, "--timeout=60s")) {
            await().until(() -> getJson(ns, "pipeline", "p").path("metadata").has("deletionTimestamp"));
            JsonNode deleting = getJson(ns, "pipeline", "p");
            assertThat(deleting.path("metadata").path("finalizers")).isEqualTo(json("[\"example.com/hold\"]"));
            // The finalizer keeps both the object and the waiting kubectl.
            assertThat(delete.process.isAlive()).isTrue();

            removeFinalizers(ns, "pipelines", "p");

            assertThat(delete.exitCode()).as(String.join("\n", delete.err)).isZero();
            assertThat(delete.out).containsExactly("pipeline.pipelines.kubeflow.org \"p\" deleted");
        }
        assertThat(exists(ns, "pipelines", "p")).isFalse();
    }

    @Test
    @DisplayName("Finalizers with fabric8: delete leaves the object with deletionTimestamp; removing the finalizer deletes it")
    void finalizerWithFabric8() {
        String ns = Conformance.namespace(cluster, "finalizer-f8");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);
        pipelines.resource(resource(cluster.client, withFinalizers(pipeline(ns, "p"), "example.com/hold"))).create();

        List<StatusDetails> deleted = pipelines.withName("p").delete();

        assertThat(deleted).hasSize(1);
        GenericKubernetesResource deleting = pipelines.withName("p").get();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        pipelines.withName("p").edit(p -> {
            p.getMetadata().setFinalizers(new ArrayList<>());
            return p;
        });
        assertThat(pipelines.withName("p").get()).isNull();
    }

    @Test
    @DisplayName("DELETE answers (handlers/delete.go): 200 with the object while finalizers keep it, 202 when orphanDependents=false "
            + "was asked and the object stays; custom resources answer the deleted object once gone (ReturnDeletedObject)")
    void deleteAnswers() {
        String ns = Conformance.namespace(cluster, "delete-codes");
        create(withFinalizers(pipeline(ns, "kept"), "example.com/hold"));
        create(withFinalizers(pipeline(ns, "cascading"), "example.com/hold"));
        create(pipeline(ns, "gone"));

        Answer kept = http(cluster, "DELETE", path(ns, "pipelines", "kept"), "application/json", null);
        Answer cascading = http(cluster, "DELETE", path(ns, "pipelines", "cascading"), "application/json", "{\"orphanDependents\":false}");
        Answer gone = http(cluster, "DELETE", path(ns, "pipelines", "gone"), "application/json", null);

        assertThat(kept.code()).isEqualTo(200);
        assertThat(kept.body().path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(cascading.code()).isEqualTo(202);
        assertThat(cascading.body().path("kind").asText()).isEqualTo("Pipeline");
        assertThat(gone.code()).isEqualTo(200);
        assertThat(gone.body().path("kind").asText()).isEqualTo("Pipeline");
        assertThat(gone.body().path("metadata").path("name").asText()).isEqualTo("gone");
        removeFinalizers(ns, "pipelines", "kept");
        removeFinalizers(ns, "pipelines", "cascading");
    }

    @Test
    @DisplayName("Finalizers / ValidateObjectMetaUpdate: no new finalizers once deletionTimestamp is set, 422 "
            + "\"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers …\"")
    void noNewFinalizersWhileDeleting() {
        String ns = Conformance.namespace(cluster, "no-new-finalizer");
        create(withFinalizers(pipeline(ns, "p"), "example.com/hold"));
        assertThat(kubectl.run("delete", "pipeline", "p", "-n", ns, "--wait=false").exitCode()).isZero();

        Kubectl.Result patched = kubectl.run("patch", "pipeline", "p", "-n", ns, "--type", "merge",
                "-p", "{\"metadata\":{\"finalizers\":[\"example.com/hold\",\"z.example.com/late\",\"a.example.com/late\"]}}");

        // sets.String.List() sorts the new finalizers; %#v prints them as a Go []string.
        String field = "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
                + "found new finalizers []string{\"a.example.com/late\", \"z.example.com/late\"}";
        assertThat(patched.exitCode()).isNotZero();
        assertThat(patched.err().trim()).isEqualTo("The Pipeline \"p\" is invalid: " + field);
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).withName("p").edit(p -> {
            p.getMetadata().getFinalizers().add("b.example.com/late");
            return p;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getMessage()).isEqualTo("Pipeline.pipelines.kubeflow.org \"p\" is invalid: metadata.finalizers: Forbidden: "
                    + "no new finalizers can be added if the object is being deleted, found new finalizers []string{\"b.example.com/late\"}");
        });
        assertThat(getJson(ns, "pipeline", "p").path("metadata").path("finalizers")).isEqualTo(json("[\"example.com/hold\"]"));
        removeFinalizers(ns, "pipelines", "p");
    }

    // ---------------------------------------------------------------- garbage collection

    private static String owned(String namespace, String name, JsonNode owner, boolean blockOwnerDeletion, String... finalizers) {
        String manifest = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Run
                metadata:
                  name: %s
                  namespace: %s
                  ownerReferences:
                    - apiVersion: pipelines.kubeflow.org/v1beta1
                      kind: RunConfiguration
                      name: %s
                      uid: %s
                      blockOwnerDeletion: %s
                spec:
                  provider: kfp-operator/kfp
                  pipeline: hello-world
                """.formatted(name, namespace, owner.path("metadata").path("name").asText(), owner.path("metadata").path("uid").asText(),
                blockOwnerDeletion);
        return finalizers.length == 0 ? manifest : withFinalizers(manifest, finalizers);
    }

    private static JsonNode owner(String namespace, String name) {
        create("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  run:
                    provider: kfp-operator/kfp
                    pipeline: hello-world
                """.formatted(name, namespace));
        return getJson(namespace, "runconfiguration", name);
    }

    @Test
    @DisplayName("Garbage collection, background cascading deletion (kubectl delete, the default): the owner goes at once, the "
            + "garbage collector then deletes its dependents")
    void backgroundCascade() {
        String ns = Conformance.namespace(cluster, "gc-background");
        JsonNode owner = owner(ns, "owner");
        create(owned(ns, "run-a", owner, false));
        create(owned(ns, "run-b", owner, true));

        Kubectl.Result deleted = kubectl.run("delete", "runconfiguration", "owner", "-n", ns, "--cascade=background");

        assertThat(deleted.exitCode()).as(deleted.all()).isZero();
        assertThat(exists(ns, "runconfigurations", "owner")).isFalse();
        await().until(() -> !exists(ns, "runs", "run-a") && !exists(ns, "runs", "run-b"));
    }

    @Test
    @DisplayName("Garbage collection, background cascading deletion with fabric8 (propagationPolicy Background)")
    void backgroundCascadeWithFabric8() {
        String ns = Conformance.namespace(cluster, "gc-background-f8");
        JsonNode owner = owner(ns, "owner");
        create(owned(ns, "run", owner, false));

        custom(cluster.client, "RunConfiguration").inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        assertThat(exists(ns, "runconfigurations", "owner")).isFalse();
        await().until(() -> !exists(ns, "runs", "run"));
    }

    @Test
    @DisplayName("Garbage collection, foreground cascading deletion (kubectl delete --cascade=foreground): the owner stays, with "
            + "deletionTimestamp and the foregroundDeletion finalizer, until its blockOwnerDeletion dependents are gone")
    void foregroundCascade() {
        String ns = Conformance.namespace(cluster, "gc-foreground");
        JsonNode owner = owner(ns, "owner");
        create(owned(ns, "blocking", owner, true, "example.com/hold"));
        create(owned(ns, "plain", owner, false));

        try (Background delete = new Background(kubectl, "delete", "runconfiguration", "owner", "-n", ns, "--cascade=foreground",
                "--timeout=60s")) {
            await().until(() -> getJson(ns, "run", "blocking").path("metadata").has("deletionTimestamp"));
            JsonNode deleting = getJson(ns, "runconfiguration", "owner");
            assertThat(deleting.path("metadata").has("deletionTimestamp")).isTrue();
            assertThat(deleting.path("metadata").path("finalizers")).isEqualTo(json("[\"foregroundDeletion\"]"));
            await().until(() -> !exists(ns, "runs", "plain"));
            assertThat(exists(ns, "runconfigurations", "owner")).isTrue();
            assertThat(delete.process.isAlive()).isTrue();

            removeFinalizers(ns, "runs", "blocking");

            assertThat(delete.exitCode()).as(String.join("\n", delete.err)).isZero();
        }
        assertThat(exists(ns, "runs", "blocking")).isFalse();
        assertThat(exists(ns, "runconfigurations", "owner")).isFalse();
    }

    @Test
    @DisplayName("Garbage collection, foreground cascading deletion with fabric8 (propagationPolicy Foreground)")
    void foregroundCascadeWithFabric8() {
        String ns = Conformance.namespace(cluster, "gc-foreground-f8");
        JsonNode owner = owner(ns, "owner");
        create(owned(ns, "blocking", owner, true, "example.com/hold"));

        custom(cluster.client, "RunConfiguration").inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

        GenericKubernetesResource deleting = custom(cluster.client, "RunConfiguration").inNamespace(ns).withName("owner").get();
        assertThat(deleting.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
        await().until(() -> getJson(ns, "run", "blocking").path("metadata").has("deletionTimestamp"));
        removeFinalizers(ns, "runs", "blocking");
        await().until(() -> !exists(ns, "runconfigurations", "owner"));
    }

    @Test
    @DisplayName("Garbage collection, orphan (kubectl delete --cascade=orphan, fabric8 Orphan): the owner goes, its dependents stay "
            + "without the ownerReference")
    void orphan() {
        String ns = Conformance.namespace(cluster, "gc-orphan");
        JsonNode first = owner(ns, "first");
        JsonNode second = owner(ns, "second");
        create(owned(ns, "run-1", first, true));
        create(owned(ns, "run-2", second, true));

        Kubectl.Result deleted = kubectl.run("delete", "runconfiguration", "first", "-n", ns, "--cascade=orphan", "--timeout=60s");
        custom(cluster.client, "RunConfiguration").inNamespace(ns).withName("second").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        assertThat(deleted.exitCode()).as(deleted.all()).isZero();
        assertThat(deleted.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org \"first\" deleted");
        assertThat(exists(ns, "runconfigurations", "first")).isFalse();
        await().until(() -> !exists(ns, "runconfigurations", "second"));
        assertThat(getJson(ns, "run", "run-1").path("metadata").has("ownerReferences")).isFalse();
        assertThat(getJson(ns, "run", "run-2").path("metadata").has("ownerReferences")).isFalse();
        assertThat(getJson(ns, "run", "run-1").path("metadata").has("deletionTimestamp")).isFalse();
    }

    // ---------------------------------------------------------------- dry run

    @Test
    @DisplayName("API concepts (dry-run): dryRun=All create, update, patch and delete answer as a real request would and store "
            + "nothing (kubectl --dry-run=server)")
    void dryRunWithKubectl() {
        String ns = Conformance.namespace(cluster, "dry-run");
        create(withFinalizers(pipeline(ns, "existing"), "example.com/hold"));
        JsonNode before = getJson(ns, "pipeline", "existing");
        long revision = cluster.server.revision();

        Kubectl.Result created = kubectl.runWithInput(pipeline(ns, "new"), "create", "--dry-run=server", "-f", "-");
        Kubectl.Result applied = kubectl.runWithInput(pipeline(ns, "applied"), "apply", "--dry-run=server", "-f", "-");
        Kubectl.Result reapplied = kubectl.runWithInput(withFinalizers(pipeline(ns, "existing"), "example.com/hold")
                .replace("hello-world:v1", "hello-world:v2"), "apply", "--dry-run=server", "-f", "-");
        Kubectl.Result replaced = kubectl.runWithInput(before.toString().replace("hello-world:v1", "hello-world:v3"), "replace",
                "--dry-run=server", "-f", "-");
        Kubectl.Result patched = kubectl.run("patch", "pipeline", "existing", "-n", ns, "--dry-run=server", "--type", "merge",
                "-p", "{\"spec\":{\"image\":\"changed\"}}");
        Kubectl.Result deleted = kubectl.run("delete", "pipeline", "existing", "-n", ns, "--dry-run=server");

        assertThat(created.out().trim()).isEqualTo("pipeline.pipelines.kubeflow.org/new created (server dry run)");
        assertThat(applied.out().trim()).isEqualTo("pipeline.pipelines.kubeflow.org/applied created (server dry run)");
        assertThat(reapplied.out().trim()).isEqualTo("pipeline.pipelines.kubeflow.org/existing configured (server dry run)");
        assertThat(replaced.out().trim()).isEqualTo("pipeline.pipelines.kubeflow.org/existing replaced (server dry run)");
        // kubectl patch adds no "(server dry run)" to its line; the request still carries dryRun=All.
        assertThat(patched.out().trim()).startsWith("pipeline.pipelines.kubeflow.org/existing patched");
        assertThat(deleted.out().trim()).isEqualTo("pipeline.pipelines.kubeflow.org \"existing\" deleted (server dry run)");
        assertThat(cluster.server.revision()).as("nothing written").isEqualTo(revision);
        assertThat(exists(ns, "pipelines", "new")).isFalse();
        assertThat(exists(ns, "pipelines", "applied")).isFalse();
        assertThat(getJson(ns, "pipeline", "existing")).isEqualTo(before);
        removeFinalizers(ns, "pipelines", "existing");
    }

    @Test
    @DisplayName("API concepts (dry-run) with fabric8 dryRun(): the answer is the object that would be stored (generated name "
            + "included); nothing is stored")
    void dryRunWithFabric8() {
        String ns = Conformance.namespace(cluster, "dry-run-f8");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);
        GenericKubernetesResource existing = pipelines.resource(resource(cluster.client, pipeline(ns, "existing"))).create();
        long revision = cluster.server.revision();

        GenericKubernetesResource created = pipelines.resource(resource(cluster.client,
                pipeline(ns, "x").replace("name: x", "generateName: gen-"))).dryRun().create();
        existing.getMetadata().setLabels(java.util.Map.of("dry", "run"));
        GenericKubernetesResource updated = pipelines.resource(existing).dryRun().update();
        GenericKubernetesResource patched = pipelines.withName("existing").dryRun().patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"spec\":{\"image\":\"changed\"}}");
        List<StatusDetails> deleted = pipelines.withName("existing").dryRun().delete();

        assertThat(created.getMetadata().getName()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(updated.getMetadata().getLabels()).containsEntry("dry", "run");
        assertThat(patched.getAdditionalProperties().get("spec")).asString().contains("image=changed");
        assertThat(deleted).hasSize(1);
        assertThat(cluster.server.revision()).as("nothing written").isEqualTo(revision);
        assertThat(pipelines.list().getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("existing");
        assertThat(pipelines.withName("existing").get().getMetadata().getLabels()).isNullOrEmpty();
    }

    // ---------------------------------------------------------------- namespaces

    @Test
    @DisplayName("Namespaces (NamespaceLifecycle admission): creating in a namespace that does not exist is 404 namespaces \"x\" not found")
    void missingNamespace() {
        Kubectl.Result created = kubectl.runWithInput(pipeline("no-such-namespace", "p"), "create", "-f", "-");
        Answer raw = http(cluster, "POST", path("no-such-namespace", "pipelines", null), "application/json",
                Conformance.JSON.valueToTree(Conformance.yaml(pipeline("no-such-namespace", "p"))).toString());

        assertThat(created.exitCode()).isNotZero();
        assertThat(created.err().trim()).isEqualTo("Error from server (NotFound): error when creating \"STDIN\": namespaces \"no-such-namespace\" not found");
        assertThat(raw.code()).isEqualTo(404);
        assertThat(raw.body().path("reason").asText()).isEqualTo("NotFound");
        assertThat(raw.body().path("details")).isEqualTo(json("{\"name\":\"no-such-namespace\",\"kind\":\"namespaces\"}"));
        assertThatThrownBy(() -> cluster.client.configMaps().inNamespace("no-such-namespace")
                .resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    @DisplayName("Namespaces: deleting a namespace deletes everything in it, then the namespace (kubectl delete namespace waits; fabric8)")
    void namespaceDeletion() {
        String ns = Conformance.namespace(cluster, "doomed");
        create(pipeline(ns, "p"));
        assertThat(kubectl.run("create", "configmap", "c", "-n", ns).exitCode()).isZero();
        String viaFabric8 = Conformance.namespace(cluster, "doomed-f8");
        create(pipeline(viaFabric8, "p"));

        Kubectl.Result deleted = kubectl.run("delete", "namespace", ns, "--timeout=60s");
        cluster.client.namespaces().withName(viaFabric8).delete();
        await().until(() -> cluster.client.namespaces().withName(viaFabric8).get() == null);

        assertThat(deleted.exitCode()).as(deleted.all()).isZero();
        assertThat(deleted.out().trim()).isEqualTo("namespace \"" + ns + "\" deleted");
        assertThat(Conformance.get(cluster, "/api/v1/namespaces/" + ns).code()).isEqualTo(404);
        assertThat(custom(cluster.client, "Pipeline").inAnyNamespace().list().getItems())
                .noneMatch(p -> ns.equals(p.getMetadata().getNamespace()) || viaFabric8.equals(p.getMetadata().getNamespace()));
        assertThat(cluster.client.configMaps().inAnyNamespace().list().getItems()).noneMatch(c -> ns.equals(c.getMetadata().getNamespace()));
    }

    @Test
    @DisplayName("Namespaces: a namespace held by an object's finalizer stays Terminating; creating in it is 403 Forbidden "
            + "\"unable to create new content in namespace … because it is being terminated\"")
    void terminatingNamespace() {
        String ns = Conformance.namespace(cluster, "terminating");
        create(withFinalizers(pipeline(ns, "held"), "example.com/hold"));

        cluster.client.namespaces().withName(ns).delete();
        await().until(() -> getJson(ns, "pipeline", "held").path("metadata").has("deletionTimestamp"));
        assertThat(cluster.client.namespaces().withName(ns).get().getStatus().getPhase()).isEqualTo("Terminating");
        Kubectl.Result refused = kubectl.runWithInput(pipeline(ns, "late"), "create", "-f", "-");
        Answer raw = http(cluster, "POST", path(ns, "pipelines", null), "application/json",
                Conformance.JSON.valueToTree(Conformance.yaml(pipeline(ns, "late"))).toString());

        // admission.NewForbidden names the resource and object; the cause says which namespace.
        String message = "pipelines.pipelines.kubeflow.org \"late\" is forbidden: unable to create new content in namespace " + ns
                + " because it is being terminated";
        assertThat(refused.err().trim()).isEqualTo("Error from server (Forbidden): error when creating \"STDIN\": " + message);
        assertThat(raw.code()).isEqualTo(403);
        assertThat(raw.body().path("reason").asText()).isEqualTo("Forbidden");
        assertThat(raw.body().path("message").asText()).isEqualTo(message);
        assertThat(raw.body().path("details")).isEqualTo(json("""
                {"name":"late","group":"pipelines.kubeflow.org","kind":"pipelines","causes":[{"reason":"NamespaceTerminating",
                 "message":"namespace %s is being terminated","field":"metadata.namespace"}]}""".formatted(ns)));

        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).resource(resource(cluster.client, pipeline(ns, "late"))).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getReason()).containsExactly("NamespaceTerminating");
                });

        removeFinalizers(ns, "pipelines", "held");
        await().until(() -> Conformance.get(cluster, "/api/v1/namespaces/" + ns).code() == 404);
    }
}
