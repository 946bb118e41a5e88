package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.http;
import static io.kfpoperator.apiserver.conformance.Conformance.json;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.resource;
import static io.kfpoperator.apiserver.conformance.Conformance.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side apply of custom resources end to end, by the real kubectl ({@code apply --server-side}) and fabric8
 * ({@code serverSideApply()}) and raw {@code application/apply-patch+yaml} PATCHes: kubernetes.io, "Server-Side
 * Apply" (field management, conflicts, merge strategy, upgrading from client-side apply, using server-side apply
 * in a controller); the conflict texts are k8s.io/apimachinery util/managedfields/internal/conflict.go
 * ({@code getConflictMessage}, {@code printManager}) and kubectl's apply.go.
 */
class ServerSideApplyIT {

    private static final String APPLY_YAML = "application/apply-patch+yaml";
    /** kubectl apply.go: what kubectl adds to a 409 from a server-side apply. */
    private static final String KUBECTL_CONFLICT_HINT = "Please review the fields above--they currently have other managers. Here\n"
            + "are the ways you can resolve this warning:\n"
            + "* If you intend to manage all of these fields, please re-run the apply\n"
            + "  command with the `--force-conflicts` flag.";

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

    /** A RunConfiguration "hourly" with {@code labels} (YAML flow map) and a schedule per cron. */
    private static String runConfiguration(String namespace, String labels, String pipeline, String... crons) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: hourly
                  namespace: %s
                  labels: %s
                spec:
                  run:
                    provider: kfp-operator/kfp
                    pipeline: %s
                  triggers:
                    schedules:
                """.formatted(namespace, labels, pipeline));
        for (String cron : crons) {
            yaml.append("      - cronExpression: \"").append(cron).append("\"\n");
        }
        return yaml.toString();
    }

    private static JsonNode getJson(String namespace, String name) {
        Kubectl.Result result = kubectl.run("get", "runconfiguration", name, "-n", namespace, "-o", "json");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return json(result.out());
    }

    /** {@code kubectl get -o yaml --show-managed-fields}: the managedFields kubectl shows. */
    private static JsonNode managedFields(String namespace, String name) {
        Kubectl.Result result = kubectl.run("get", "runconfiguration", name, "-n", namespace, "-o", "yaml", "--show-managed-fields");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return yaml(result.out()).path("metadata").path("managedFields");
    }

    private static List<String> managers(JsonNode managedFields) {
        List<String> managers = new ArrayList<>();
        for (JsonNode entry : managedFields) {
            managers.add(entry.path("manager").asText() + "/" + entry.path("operation").asText()
                    + (entry.has("subresource") ? "/" + entry.path("subresource").asText() : ""));
        }
        return managers;
    }

    private static JsonNode entry(JsonNode managedFields, String manager, String operation) {
        for (JsonNode entry : managedFields) {
            if (entry.path("manager").asText().equals(manager) && entry.path("operation").asText().equals(operation)) {
                return entry;
            }
        }
        throw new AssertionError("no managedFields entry " + manager + "/" + operation + " in " + managedFields);
    }

    private static Kubectl.Result apply(Path file, String... flags) {
        List<String> args = new ArrayList<>(List.of("apply", "--server-side", "-f", file.toString()));
        args.addAll(List.of(flags));
        return kubectl.run(args.toArray(String[]::new));
    }

    @Test
    @DisplayName("Server-Side Apply (field management): kubectl apply --server-side creates then updates; managedFields has one "
            + "entry, manager kubectl, operation Apply, with the fields of the file, shown by --show-managed-fields only")
    void createsThenUpdates(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-create");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml, stage: dev}", "hello-world", "0 * * * *", "30 * * * *"));

        Kubectl.Result created = apply(file);
        assertThat(created.exitCode()).as(created.all()).isZero();
        assertThat(created.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly serverside-applied");

        Files.writeString(file, runConfiguration(ns, "{team: ml, stage: dev}", "penguin", "0 * * * *", "30 * * * *"));
        Kubectl.Result updated = apply(file);
        assertThat(updated.exitCode()).as(updated.all()).isZero();
        assertThat(updated.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly serverside-applied");
        assertThat(getJson(ns, "hourly").path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");

        // kubectl get hides managedFields unless asked (--show-managed-fields, kubectl 1.21+).
        assertThat(getJson(ns, "hourly").path("metadata").has("managedFields")).isFalse();
        JsonNode managed = managedFields(ns, "hourly");
        assertThat(managers(managed)).containsExactly("kubectl/Apply");
        JsonNode kubectlEntry = managed.get(0);
        assertThat(kubectlEntry.path("apiVersion").asText()).isEqualTo(Conformance.API_VERSION);
        assertThat(kubectlEntry.path("fieldsType").asText()).isEqualTo("FieldsV1");
        assertThat(kubectlEntry.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        // A list without x-kubernetes-list-type is atomic: owned as one field (Merge strategy).
        assertThat(kubectlEntry.path("fieldsV1")).isEqualTo(json("""
                {"f:metadata":{"f:labels":{"f:stage":{},"f:team":{}}},
                 "f:spec":{"f:run":{"f:pipeline":{},"f:provider":{}},"f:triggers":{"f:schedules":{}}}}"""));

        // Raw HTTP: the apply that creates answers 201 Created, the one that updates 200 OK.
        String body = Conformance.JSON.valueToTree(yaml(runConfiguration(ns, "{}", "hello-world", "0 * * * *")))
                .toString().replace("\"hourly\"", "\"raw\"");
        Answer first = http(cluster, "PATCH", path(ns, "runconfigurations", "raw") + "?fieldManager=raw", APPLY_YAML, body);
        Answer second = http(cluster, "PATCH", path(ns, "runconfigurations", "raw") + "?fieldManager=raw", APPLY_YAML,
                body.replace("hello-world", "penguin"));
        assertThat(first.code()).as(first.raw()).isEqualTo(201);
        assertThat(second.code()).as(second.raw()).isEqualTo(200);
        assertThat(second.body().path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");
        assertThat(second.body().path("metadata").path("managedFields").get(0).path("manager").asText()).isEqualTo("raw");
    }

    @Test
    @DisplayName("Server-Side Apply (merge strategy): a field removed from the applied configuration and owned by no one else is "
            + "removed from the object (schedules edited down to one, a label removed)")
    void removedFieldsAreRemoved(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-remove");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml, stage: dev}", "hello-world", "0 * * * *", "30 * * * *"));
        assertThat(apply(file).exitCode()).isZero();

        Files.writeString(file, runConfiguration(ns, "{team: ml}", "hello-world", "30 * * * *"));
        Kubectl.Result applied = apply(file);

        assertThat(applied.exitCode()).as(applied.all()).isZero();
        JsonNode stored = getJson(ns, "hourly");
        assertThat(stored.path("spec").path("triggers").path("schedules")).isEqualTo(json("[{\"cronExpression\":\"30 * * * *\"}]"));
        assertThat(stored.path("metadata").path("labels")).isEqualTo(json("{\"team\":\"ml\"}"));
        assertThat(entry(managedFields(ns, "hourly"), "kubectl", "Apply").path("fieldsV1").path("f:metadata"))
                .isEqualTo(json("{\"f:labels\":{\"f:team\":{}}}"));
    }

    @Test
    @DisplayName("Server-Side Apply (conflicts): another applier changing a field kubectl owns is 409 Conflict "
            + "'Apply failed with 1 conflict: conflict with \"kubectl\": .spec.run.pipeline' (fabric8 serverSideApply and raw PATCH); "
            + "appliers are named without apiVersion, updaters with it")
    void conflictWithAnotherApplier(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-conflict");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"));
        assertThat(apply(file).exitCode()).isZero();
        String flux = runConfiguration(ns, "{team: ml}", "penguin", "0 * * * *");
        String expected = "Apply failed with 1 conflict: conflict with \"kubectl\": .spec.run.pipeline";

        assertThatThrownBy(() -> custom(cluster.client, "RunConfiguration").inNamespace(ns).resource(resource(cluster.client, flux))
                .fieldManager("flux").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).isEqualTo(expected);
                });
        Answer raw = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly") + "?fieldManager=flux", APPLY_YAML,
                Conformance.JSON.valueToTree(yaml(flux)).toString());
        // errors.NewApplyConflict: Conflict, the causes only in details, one FieldManagerConflict per field.
        assertThat(raw.code()).isEqualTo(409);
        assertThat(raw.body().path("reason").asText()).isEqualTo("Conflict");
        assertThat(raw.body().path("message").asText()).isEqualTo(expected);
        assertThat(raw.body().path("details")).isEqualTo(json("""
                {"causes":[{"reason":"FieldManagerConflict","message":"conflict with \\"kubectl\\"","field":".spec.run.pipeline"}]}"""));
        assertThat(getJson(ns, "hourly").path("spec").path("run").path("pipeline").asText()).isEqualTo("hello-world");

        // Applying the value kubectl already has is no conflict: both own it (shared ownership).
        Answer shared = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly") + "?fieldManager=flux", APPLY_YAML,
                Conformance.JSON.valueToTree(yaml(runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"))).toString());
        assertThat(shared.code()).as(shared.raw()).isEqualTo(200);
        assertThat(managers(managedFields(ns, "hourly"))).containsExactlyInAnyOrder("kubectl/Apply", "flux/Apply");

        // An updater (kubectl patch, manager kubectl-patch, operation Update) is named with the apiVersion it wrote.
        assertThat(kubectl.run("patch", "runconfiguration", "hourly", "-n", ns, "--type", "merge",
                "-p", "{\"spec\":{\"run\":{\"pipeline\":\"patched\"}}}").exitCode()).isZero();
        Kubectl.Result again = apply(file);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl-patch\" using "
                + Conformance.API_VERSION + ": .spec.run.pipeline\n" + KUBECTL_CONFLICT_HINT);
    }

    @Test
    @DisplayName("Server-Side Apply (create): an apply to a missing object creates it, unless it names a uid: then 409 Conflict "
            + "'uid mismatch: the provided object specified uid …, and no existing object was found' and nothing is created")
    void anApplyNamingAUidDoesNotCreate() {
        String ns = Conformance.namespace(cluster, "ssa-uid");
        String applied = """
                {"apiVersion":"%s","kind":"RunConfiguration","metadata":{"name":"gone","namespace":"%s","uid":"0b1d6a36-cafe-4e1f-9d0c-7d3f6d1e2a11",
                 "finalizers":["runconfigurations.pipelines.kubeflow.org/finalizer"]}}""".formatted(Conformance.API_VERSION, ns);

        Answer refused = http(cluster, "PATCH", path(ns, "runconfigurations", "gone") + "?fieldManager=controller", APPLY_YAML, applied);

        assertThat(refused.code()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.body().path("reason").asText()).isEqualTo("Conflict");
        assertThat(refused.body().path("message").asText()).isEqualTo("Operation cannot be fulfilled on runconfigurations.pipelines.kubeflow.org "
                + "\"gone\": uid mismatch: the provided object specified uid 0b1d6a36-cafe-4e1f-9d0c-7d3f6d1e2a11, and no existing object was found");
        assertThat(http(cluster, "GET", path(ns, "runconfigurations", "gone"), null, null).code()).isEqualTo(404);

        Answer created = http(cluster, "PATCH", path(ns, "runconfigurations", "gone") + "?fieldManager=controller", APPLY_YAML,
                applied.replace(",\"uid\":\"0b1d6a36-cafe-4e1f-9d0c-7d3f6d1e2a11\"", ""));
        assertThat(created.code()).as(created.raw()).isEqualTo(201);
    }

    @Test
    @DisplayName("Server-Side Apply (conflicts): kubectl prints the conflict with its hint; --force-conflicts takes the field over "
            + "and the other applier, left owning nothing, leaves managedFields")
    void forceConflicts(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-force");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"));
        assertThat(apply(file).exitCode()).isZero();
        // flux forces the pipeline (fabric8 forceConflicts): it now owns .spec.run.pipeline alone.
        String flux = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: hourly
                  namespace: %s
                spec:
                  run:
                    pipeline: penguin
                """.formatted(ns);
        custom(cluster.client, "RunConfiguration").inNamespace(ns).resource(resource(cluster.client, flux))
                .fieldManager("flux").forceConflicts().serverSideApply();
        assertThat(getJson(ns, "hourly").path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");
        assertThat(entry(managedFields(ns, "hourly"), "flux", "Apply").path("fieldsV1"))
                .isEqualTo(json("{\"f:spec\":{\"f:run\":{\"f:pipeline\":{}}}}"));
        assertThat(entry(managedFields(ns, "hourly"), "kubectl", "Apply").path("fieldsV1").path("f:spec").path("f:run"))
                .isEqualTo(json("{\"f:provider\":{}}"));

        Kubectl.Result refused = apply(file);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).startsWith("error: Apply failed with 1 conflict: conflict with \"flux\": .spec.run.pipeline\n"
                + KUBECTL_CONFLICT_HINT);
        assertThat(getJson(ns, "hourly").path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");

        Kubectl.Result forced = apply(file, "--force-conflicts");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(forced.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly serverside-applied");
        assertThat(getJson(ns, "hourly").path("spec").path("run").path("pipeline").asText()).isEqualTo("hello-world");
        JsonNode managed = managedFields(ns, "hourly");
        assertThat(managers(managed)).containsExactly("kubectl/Apply");
        assertThat(entry(managed, "kubectl", "Apply").path("fieldsV1").path("f:spec").path("f:run"))
                .isEqualTo(json("{\"f:pipeline\":{},\"f:provider\":{}}"));
    }

    @Test
    @DisplayName("Server-Side Apply (upgrading from client-side apply): kubectl apply, then kubectl apply --server-side of the same "
            + "file, no conflicts; ownership moves from kubectl-client-side-apply to kubectl; last-applied kept up to date")
    void clientSideThenServerSide(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-upgrade");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"));
        Kubectl.Result clientSide = kubectl.run("apply", "-f", file.toString());
        assertThat(clientSide.exitCode()).as(clientSide.all()).isZero();
        assertThat(managers(managedFields(ns, "hourly"))).containsExactly("kubectl-client-side-apply/Update");

        Kubectl.Result serverSide = apply(file);
        assertThat(serverSide.exitCode()).as(serverSide.all()).isZero();
        assertThat(serverSide.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly serverside-applied");
        // kubectl apply.go: the migration (csaupgrade) hands kubectl-client-side-apply's fields to kubectl, and
        // saveLastApplyAnnotationIfNecessary applies the annotation under its own manager, kubectl-last-applied.
        JsonNode managed = managedFields(ns, "hourly");
        assertThat(managers(managed)).containsExactlyInAnyOrder("kubectl/Apply", "kubectl-last-applied/Apply");
        assertThat(entry(managed, "kubectl-last-applied", "Apply").path("fieldsV1")).isEqualTo(json("""
                {"f:metadata":{"f:annotations":{"f:kubectl.kubernetes.io/last-applied-configuration":{}}}}"""));
        assertThat(entry(managed, "kubectl", "Apply").path("fieldsV1").path("f:spec")).isEqualTo(json("""
                {"f:run":{"f:pipeline":{},"f:provider":{}},"f:triggers":{"f:schedules":{}}}"""));

        // A changed value applied server-side: kubectl owns it, no conflict; the annotation follows the file.
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "penguin", "0 * * * *"));
        Kubectl.Result changed = apply(file);
        assertThat(changed.exitCode()).as(changed.all()).isZero();
        JsonNode stored = getJson(ns, "hourly");
        assertThat(stored.path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");
        JsonNode lastApplied = json(stored.path("metadata").path("annotations").path("kubectl.kubernetes.io/last-applied-configuration").asText());
        assertThat(lastApplied.path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");
    }

    @Test
    @DisplayName("Server-Side Apply (subresources): kubectl apply --server-side --subresource=status writes status only; the "
            + "spec in the file is ignored; the entry names subresource status")
    void applyToStatus(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-status");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"));
        assertThat(apply(file).exitCode()).isZero();
        long generation = getJson(ns, "hourly").path("metadata").path("generation").asLong();
        Path status = dir.resolve("status.yaml");
        Files.writeString(status, runConfiguration(ns, "{team: changed}", "changed", "15 * * * *")
                + "status:\n  provider: kfp-operator/kfp\n  observedGeneration: 1\n");

        Kubectl.Result applied = kubectl.run("apply", "--server-side", "--subresource=status", "--field-manager=controller",
                "-f", status.toString());

        assertThat(applied.exitCode()).as(applied.all()).isZero();
        JsonNode stored = getJson(ns, "hourly");
        assertThat(stored.path("status")).isEqualTo(json("{\"provider\":\"kfp-operator/kfp\",\"observedGeneration\":1}"));
        assertThat(stored.path("spec").path("run").path("pipeline").asText()).isEqualTo("hello-world");
        assertThat(stored.path("spec").path("triggers").path("schedules")).isEqualTo(json("[{\"cronExpression\":\"0 * * * *\"}]"));
        assertThat(stored.path("metadata").path("labels")).isEqualTo(json("{\"team\":\"ml\"}"));
        assertThat(stored.path("metadata").path("generation").asLong()).isEqualTo(generation);
        JsonNode managed = managedFields(ns, "hourly");
        assertThat(managers(managed)).containsExactlyInAnyOrder("kubectl/Apply", "controller/Apply/status");
        assertThat(entry(managed, "controller", "Apply").path("fieldsV1"))
                .isEqualTo(json("{\"f:status\":{\"f:observedGeneration\":{},\"f:provider\":{}}}"));

        // A main-resource apply does not touch status either.
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "penguin", "0 * * * *") + "status:\n  provider: ignored/ignored\n");
        assertThat(apply(file).exitCode()).isZero();
        assertThat(getJson(ns, "hourly").path("status").path("provider").asText()).isEqualTo("kfp-operator/kfp");
    }

    @Test
    @DisplayName("Server-Side Apply: an apply PATCH without fieldManager is refused before anything else, 422 "
            + "'PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch' "
            + "(ValidatePatchOptions); force on a non-apply patch is Forbidden")
    void applyWithoutFieldManager() {
        String ns = Conformance.namespace(cluster, "ssa-no-manager");
        String body = Conformance.JSON.valueToTree(yaml(runConfiguration(ns, "{}", "hello-world", "0 * * * *"))).toString();

        Answer missing = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly"), APPLY_YAML, body);
        Answer empty = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly") + "?fieldManager=", APPLY_YAML, body);

        for (Answer answer : List.of(missing, empty)) {
            assertThat(answer.code()).as(answer.raw()).isEqualTo(422);
            assertThat(answer.body().path("reason").asText()).isEqualTo("Invalid");
            assertThat(answer.body().path("message").asText())
                    .isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            assertThat(answer.body().path("details")).isEqualTo(json("""
                    {"group":"meta.k8s.io","kind":"PatchOptions","causes":[{"reason":"FieldValueRequired",
                     "message":"Required value: is required for apply patch","field":"fieldManager"}]}"""));
        }
        assertThat(kubectl.run("get", "runconfiguration", "hourly", "-n", ns).exitCode()).isNotZero();

        assertThat(kubectl.runWithInput(runConfiguration(ns, "{}", "hello-world", "0 * * * *"), "create", "-f", "-").exitCode()).isZero();
        Answer forced = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly") + "?force=true", "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertThat(forced.code()).as(forced.raw()).isEqualTo(422);
        assertThat(forced.body().path("message").asText())
                .isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
    }

    @Test
    @DisplayName("Server-Side Apply with dryRun=All (kubectl --dry-run=server): the answer is the object as it would be, "
            + "nothing is stored, on create and on update")
    void dryRun(@TempDir Path dir) throws IOException {
        String ns = Conformance.namespace(cluster, "ssa-dry");
        Path file = dir.resolve("rc.yaml");
        Files.writeString(file, runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"));

        Kubectl.Result dryCreate = apply(file, "--dry-run=server");
        assertThat(dryCreate.exitCode()).as(dryCreate.all()).isZero();
        assertThat(dryCreate.out().trim()).isEqualTo("runconfiguration.pipelines.kubeflow.org/hourly serverside-applied (server dry run)");
        assertThat(kubectl.run("get", "runconfiguration", "hourly", "-n", ns).exitCode()).isNotZero();

        String body = Conformance.JSON.valueToTree(yaml(runConfiguration(ns, "{team: ml}", "hello-world", "0 * * * *"))).toString();
        Answer rawCreate = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly") + "?fieldManager=kubectl&dryRun=All", APPLY_YAML, body);
        assertThat(rawCreate.code()).as(rawCreate.raw()).isEqualTo(201);
        assertThat(rawCreate.body().path("metadata").path("managedFields").get(0).path("manager").asText()).isEqualTo("kubectl");
        assertThat(kubectl.run("get", "runconfiguration", "hourly", "-n", ns).exitCode()).isNotZero();

        assertThat(apply(file).exitCode()).isZero();
        String resourceVersion = getJson(ns, "hourly").path("metadata").path("resourceVersion").asText();
        Answer rawUpdate = http(cluster, "PATCH", path(ns, "runconfigurations", "hourly") + "?fieldManager=kubectl&dryRun=All", APPLY_YAML,
                body.replace("hello-world", "penguin"));
        assertThat(rawUpdate.code()).as(rawUpdate.raw()).isEqualTo(200);
        assertThat(rawUpdate.body().path("spec").path("run").path("pipeline").asText()).isEqualTo("penguin");
        JsonNode stored = getJson(ns, "hourly");
        assertThat(stored.path("spec").path("run").path("pipeline").asText()).isEqualTo("hello-world");
        assertThat(stored.path("metadata").path("resourceVersion").asText()).isEqualTo(resourceVersion);
    }
}
