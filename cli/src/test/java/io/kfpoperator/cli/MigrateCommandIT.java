package io.kfpoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.crd.ShippedCrds;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kfp-operator migrate} on a cluster as the Go operator with multiversion leaves it: its
 * CRDs (reference/kfp-operator/crds, v1alpha6 and v1beta1) with a conversion webhook, objects still
 * stored at v1alpha6 (written before v1beta1 became the storage version), its finalizer and its
 * status shape.
 */
class MigrateCommandIT {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String GO_FINALIZER = "finalizer.pipelines.kubeflow.org";

    private TestCluster cluster;

    @BeforeEach
    void goOperatorCluster() throws IOException {
        cluster = TestCluster.empty(ApiServer.Options.defaults());
        for (String plural : ShippedCrds.PLURALS) {
            ObjectNode crd = goCrd(plural);
            // Installed when v1alpha6 was the storage version ...
            for (JsonNode version : crd.path("spec").path("versions")) {
                ((ObjectNode) version).put("storage", version.path("name").asText().equals("v1alpha6"));
            }
            cluster.client.apiextensions().v1().customResourceDefinitions().resource(YAML.treeToValue(crd, CustomResourceDefinition.class)).create();
        }
        GenericKubernetesResource experiment = cluster.client.getKubernetesSerialization().unmarshal("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Experiment
                metadata: {name: nightly, namespace: default, finalizers: [%s]}
                spec: {provider: kfp-operator/kfp, description: "nightly training"}
                """.formatted(GO_FINALIZER), GenericKubernetesResource.class);
        GenericKubernetesResource created = experiments().resource(experiment).create();
        created.setAdditionalProperty("status", YAML.readValue("""
                provider: {name: kfp-operator/kfp, id: 3f1e0c2a}
                version: 5e8f9a
                observedGeneration: 1
                conditions:
                  - {type: Synchronized, status: "True", reason: Succeeded, message: "", lastTransitionTime: "2026-11-01T10:00:00Z", observedGeneration: 1}
                """, Object.class));
        experiments().resource(created).updateStatus();
        // ... then upgraded by the Go chart: v1beta1 stored from now on, old objects converted by its webhook.
        for (String plural : ShippedCrds.PLURALS) {
            ObjectNode crd = goCrd(plural);
            crd.with("spec").set("conversion", YAML.readTree("""
                    strategy: Webhook
                    webhook:
                      clientConfig: {service: {name: kfp-operator-webhook-service, namespace: kfp-operator-system, path: /convert}}
                      conversionReviewVersions: [v1]
                    """));
            CustomResourceDefinition current = cluster.client.apiextensions().v1().customResourceDefinitions()
                    .withName(plural + ".pipelines.kubeflow.org").get();
            crd.with("metadata").put("resourceVersion", current.getMetadata().getResourceVersion());
            cluster.client.apiextensions().v1().customResourceDefinitions().resource(YAML.treeToValue(crd, CustomResourceDefinition.class)).update();
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static ObjectNode goCrd(String plural) throws IOException {
        Path file = repositoryRoot().resolve("reference/kfp-operator/crds/pipelines.kubeflow.org_" + plural + ".yaml");
        return (ObjectNode) YAML.readTree(file.toFile());
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("reference/kfp-operator/crds"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> experiments() {
        return cluster.client.genericKubernetesResources("pipelines.kubeflow.org/v1beta1", "Experiment");
    }

    private CustomResourceDefinition crd(String plural) {
        return cluster.client.apiextensions().v1().customResourceDefinitions().withName(plural + ".pipelines.kubeflow.org").get();
    }

    private String storedAt() {
        return cluster.server.storedApiVersion("pipelines.kubeflow.org", "experiments", "default", "nightly");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run migrate(String... flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("migrate", "--kubeconfig", cluster.kubeconfig().toString()),
                    java.util.Arrays.stream(flags)).toArray(String[]::new);
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndChangesNothing() {
        String resourceVersion = experiments().inNamespace("default").withName("nightly").get().getMetadata().getResourceVersion();

        Run dry = migrate();

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("experiments.pipelines.kubeflow.org:",
                "  - write back 1 object(s) so they are stored at v1beta1",
                "  - set status.storedVersions [v1alpha6, v1beta1] -> [v1beta1]",
                "  - replace the CRD with ours: versions [v1alpha6, v1beta1] -> [v1beta1], conversion Webhook -> None",
                "dry run: nothing changed; run again with --apply to migrate");
        assertThat(storedAt()).isEqualTo("pipelines.kubeflow.org/v1alpha6");
        assertThat(crd("experiments").getStatus().getStoredVersions()).containsExactly("v1alpha6", "v1beta1");
        assertThat(experiments().inNamespace("default").withName("nightly").get().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void ourCrdsCannotReplaceTheGoOnesUntilTheObjectsAreMigratedAndThenTheyAre() throws IOException {
        CustomResourceDefinition ours;
        try (InputStream stream = ShippedCrds.open("experiments")) {
            ours = YAML.readValue(stream, CustomResourceDefinition.class);
        }
        ours.getMetadata().setResourceVersion(crd("experiments").getMetadata().getResourceVersion());
        // What `kubectl apply -f helm/kfp-operator/crds/` would do on such a cluster.
        assertThatThrownBy(() -> cluster.client.apiextensions().v1().customResourceDefinitions().resource(ours).update())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("status.storedVersions[0]: Invalid value: \"v1alpha6\": must appear in spec.versions");

        Run applied = migrate("--apply");

        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("experiments.pipelines.kubeflow.org: 1 object(s) written back at v1beta1",
                "experiments.pipelines.kubeflow.org: status.storedVersions is [v1beta1]",
                "experiments.pipelines.kubeflow.org: replaced with ours (v1beta1 only, no conversion webhook)");
        assertThat(storedAt()).isEqualTo("pipelines.kubeflow.org/v1beta1");
        for (String plural : ShippedCrds.PLURALS) {
            CustomResourceDefinition migrated = crd(plural);
            assertThat(migrated.getStatus().getStoredVersions()).as(plural).containsExactly("v1beta1");
            assertThat(migrated.getSpec().getVersions()).as(plural).extracting(v -> v.getName()).containsExactly("v1beta1");
            assertThat(migrated.getSpec().getConversion() == null || "None".equals(migrated.getSpec().getConversion().getStrategy())).as(plural).isTrue();
        }
        GenericKubernetesResource experiment = experiments().inNamespace("default").withName("nightly").get();
        assertThat(experiment.getMetadata().getFinalizers()).as("the Go operator's finalizer stays for the controller to release").contains(GO_FINALIZER);
        assertThat(cluster.client.getKubernetesSerialization().asJson(experiment.getAdditionalProperties().get("spec")))
                .isEqualTo("{\"provider\":\"kfp-operator/kfp\",\"description\":\"nightly training\"}");
        JsonNode status = YAML.valueToTree(experiment.getAdditionalProperties().get("status"));
        assertThat(status.path("provider").path("id").asText()).isEqualTo("3f1e0c2a");
        assertThat(status.path("version").asText()).as("an unchanged version hash: no provider call after the switch").isEqualTo("5e8f9a");

        String resourceVersion = experiment.getMetadata().getResourceVersion();
        Run again = migrate("--apply");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("nothing to migrate");
        assertThat(experiments().inNamespace("default").withName("nightly").get().getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
    }

    @Test
    void anUnreadableKubeconfigIsAUsageErrorNamingTheFlag() {
        Run bad = new MigrateCommandIT().migrateWith("--kubeconfig", "/nonexistent/kubeconfig");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("kfp-operator migrate: --kubeconfig /nonexistent/kubeconfig: no such file");
    }

    private Run migrateWith(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("migrate"), java.util.Arrays.stream(args)).toArray(String[]::new);
            return new Run(Main.execute(all), "", err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
    }
}
