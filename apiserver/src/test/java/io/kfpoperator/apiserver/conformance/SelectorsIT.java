package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.get;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kfpoperator.apiserver.conformance.Conformance.Answer;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Label selectors, field selectors and chunked lists, as kubectl and fabric8 send them. */
class SelectorsIT {

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

    private static String labelled(String namespace, String name, String labels) {
        return pipeline(namespace, name).replace("metadata:\n", "metadata:\n  labels: " + labels + "\n");
    }

    /** a: env=prod,tier=frontend; b: env=dev,tier=backend; c: env=qa; d: no labels — as Pipelines and ConfigMaps. */
    private static String labelledObjects(String prefix) {
        String ns = Conformance.namespace(cluster, prefix);
        Map<String, Map<String, String>> labels = Map.of("a", Map.of("env", "prod", "tier", "frontend"), "b", Map.of("env", "dev", "tier", "backend"),
                "c", Map.of("env", "qa"), "d", Map.of());
        for (Map.Entry<String, Map<String, String>> object : labels.entrySet()) {
            StringBuilder yaml = new StringBuilder("{");
            object.getValue().forEach((k, v) -> yaml.append(yaml.length() > 1 ? ", " : "").append(k).append(": ").append(v));
            create(labelled(ns, object.getKey(), yaml.append("}").toString()));
            cluster.client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(object.getKey())
                    .withLabels(object.getValue()).endMetadata().build()).create();
        }
        return ns;
    }

    private static List<String> kubectlNames(String namespace, String kind, String... selection) {
        List<String> args = new ArrayList<>(List.of("get", kind, "-n", namespace, "-o", "jsonpath={.items[*].metadata.name}"));
        args.addAll(Arrays.asList(selection));
        Kubectl.Result result = kubectl.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result.out().isBlank() ? List.of() : List.of(result.out().trim().split(" "));
    }

    private static List<String> names(GenericKubernetesResourceList list) {
        return list.getItems().stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    @DisplayName("Labels and selectors (equality- and set-based requirements, kubectl -l): =, ==, != (which also matches objects "
            + "without the key), in, notin (likewise), exists, !, and commas as AND")
    void labelSelectorsWithKubectl() {
        String ns = labelledObjects("labels");
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("env=prod", List.of("a"));
        expected.put("env==prod", List.of("a"));
        expected.put("env!=prod", List.of("b", "c", "d"));
        expected.put("env in (prod,qa)", List.of("a", "c"));
        expected.put("env notin (prod,qa)", List.of("b", "d"));
        expected.put("tier", List.of("a", "b"));
        expected.put("!tier", List.of("c", "d"));
        expected.put("env=prod,tier=frontend", List.of("a"));
        expected.put("env,!tier", List.of("c"));
        expected.put("tier in (frontend),env notin (dev)", List.of("a"));

        for (Map.Entry<String, List<String>> selector : expected.entrySet()) {
            assertThat(kubectlNames(ns, "pipelines", "-l", selector.getKey())).as("pipelines -l '%s'", selector.getKey())
                    .isEqualTo(selector.getValue());
            assertThat(kubectlNames(ns, "configmaps", "-l", selector.getKey())).as("configmaps -l '%s'", selector.getKey())
                    .isEqualTo(selector.getValue());
        }
    }

    @Test
    @DisplayName("Labels and selectors with fabric8 (withLabel, withoutLabel, withLabelIn, withLabelNotIn, withLabelSelector)")
    void labelSelectorsWithFabric8() {
        String ns = labelledObjects("labels-f8");
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);

        assertThat(names(pipelines.withLabel("env", "prod").list())).containsExactly("a");
        assertThat(names(pipelines.withoutLabel("env", "prod").list())).containsExactly("b", "c", "d");
        assertThat(names(pipelines.withLabelIn("env", "prod", "qa").list())).containsExactly("a", "c");
        assertThat(names(pipelines.withLabelNotIn("env", "prod", "qa").list())).containsExactly("b", "d");
        assertThat(names(pipelines.withLabel("tier").list())).containsExactly("a", "b");
        assertThat(names(pipelines.withoutLabel("tier").list())).containsExactly("c", "d");
        assertThat(names(pipelines.withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("env", "dev")
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("backend").endMatchExpression().build()).list()))
                .containsExactly("b");
        assertThat(cluster.client.configMaps().inNamespace(ns).withLabelNotIn("env", "prod", "qa").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("b", "d");
    }

    @Test
    @DisplayName("Field selectors (kubectl --field-selector, fabric8 withField): metadata.name and metadata.namespace, = and !=")
    void fieldSelectors() {
        String first = Conformance.namespace(cluster, "fields-1");
        String second = Conformance.namespace(cluster, "fields-2");
        for (String ns : List.of(first, second)) {
            create(pipeline(ns, "same"));
            create(pipeline(ns, "other"));
        }

        assertThat(kubectlNames(first, "pipelines", "--field-selector", "metadata.name=same")).containsExactly("same");
        assertThat(kubectlNames(first, "pipelines", "--field-selector", "metadata.name!=same")).containsExactly("other");
        Kubectl.Result across = kubectl.run("get", "pipelines", "-A", "--field-selector", "metadata.namespace=" + second + ",metadata.name=same",
                "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}");
        assertThat(across.out().trim()).isEqualTo(second + "/same");
        assertThat(custom(cluster.client, "Pipeline").inAnyNamespace().withField("metadata.name", "same").list().getItems())
                .extracting(p -> p.getMetadata().getNamespace()).containsExactlyInAnyOrder(first, second);
        assertThat(names(custom(cluster.client, "Pipeline").inNamespace(first).withoutField("metadata.name", "same").list())).containsExactly("other");
    }

    @Test
    @DisplayName("Field selectors: an unsupported field is 400 BadRequest — \"field label not supported: <field>\" for custom resources "
            + "and kinds with a field label conversion (Namespace), \"\\\"f\\\" is not a known field selector\" for the others (ConfigMap)")
    void unsupportedFieldSelectors() {
        String ns = Conformance.namespace(cluster, "bad-fields");

        Kubectl.Result pipelines = kubectl.run("get", "pipelines", "-n", ns, "--field-selector", "spec.provider=kfp-operator/kfp");
        Kubectl.Result configMaps = kubectl.run("get", "configmaps", "-n", ns, "--field-selector", "data.a=1");
        Kubectl.Result namespaces = kubectl.run("get", "namespaces", "--field-selector", "metadata.namespace=x");
        Answer raw = get(cluster, path(ns, "pipelines", null) + "?fieldSelector=spec.image%3Dx");

        // kubectl (cli-runtime's resource.Selector) prefixes the server's message with what it was listing.
        assertThat(pipelines.err().trim()).isEqualTo("Error from server (BadRequest): Unable to find \"pipelines.kubeflow.org/v1beta1, "
                + "Resource=pipelines\" that match label selector \"\", field selector \"spec.provider=kfp-operator/kfp\": "
                + "field label not supported: spec.provider");
        assertThat(configMaps.err().trim()).isEqualTo("Error from server (BadRequest): Unable to find \"/v1, Resource=configmaps\" that match "
                + "label selector \"\", field selector \"data.a=1\": \"data.a\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        assertThat(namespaces.err().trim()).endsWith(": field label not supported: metadata.namespace");
        assertThat(raw.code()).isEqualTo(400);
        assertThat(raw.body().path("reason").asText()).isEqualTo("BadRequest");
        assertThat(raw.body().path("message").asText()).isEqualTo("field label not supported: spec.image");
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).withField("spec.image", "x").list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).isEqualTo("field label not supported: spec.image");
                });
    }

    private static String chunked(String prefix, int count) {
        String ns = Conformance.namespace(cluster, prefix);
        for (int i = 1; i <= count; i++) {
            create(pipeline(ns, "p-" + i));
        }
        return ns;
    }

    @Test
    @DisplayName("API concepts (retrieving large results sets in chunks): kubectl --chunk-size lists with limit and continue, "
            + "and prints every object")
    void chunkedListWithKubectl() {
        String ns = chunked("chunks", 7);
        List<HttpFront.Request> lists = new CopyOnWriteArrayList<>();
        Runnable stop = cluster.server.onRequest(r -> {
            if (r.method().equals("GET") && r.path().endsWith("/namespaces/" + ns + "/pipelines")) {
                lists.add(r);
            }
        });
        Kubectl.Result result;
        try {
            result = kubectl.run("get", "pipelines", "-n", ns, "--chunk-size=3", "-o", "name");
        } finally {
            stop.run();
        }

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out().lines().toList()).containsExactly("pipeline.pipelines.kubeflow.org/p-1", "pipeline.pipelines.kubeflow.org/p-2",
                "pipeline.pipelines.kubeflow.org/p-3", "pipeline.pipelines.kubeflow.org/p-4", "pipeline.pipelines.kubeflow.org/p-5",
                "pipeline.pipelines.kubeflow.org/p-6", "pipeline.pipelines.kubeflow.org/p-7");
        assertThat(lists).hasSize(3);
        assertThat(lists).allSatisfy(r -> assertThat(r.query()).contains("limit=3"));
        assertThat(lists.get(0).query()).doesNotContain("continue=");
        assertThat(lists.subList(1, 3)).allSatisfy(r -> assertThat(r.query()).contains("continue="));
    }

    @Test
    @DisplayName("API concepts (retrieving large results sets in chunks) with fabric8 ListOptions: limit, continue, remainingItemCount, "
            + "and every page a consistent snapshot at the first page's resourceVersion")
    void chunkedListIsAConsistentSnapshot() {
        String ns = chunked("snapshot", 7);
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> pipelines =
                custom(cluster.client, "Pipeline").inNamespace(ns);

        GenericKubernetesResourceList first = pipelines.list(new ListOptionsBuilder().withLimit(3L).build());
        // Changes after the first page: the rest of the pages must not show them.
        create(pipeline(ns, "p-9"));
        pipelines.withName("p-5").delete();
        pipelines.withName("p-6").edit(p -> {
            p.getMetadata().setLabels(Map.of("edited", "yes"));
            return p;
        });
        GenericKubernetesResourceList second = pipelines.list(new ListOptionsBuilder().withLimit(3L).withContinue(first.getMetadata().getContinue()).build());
        GenericKubernetesResourceList third = pipelines.list(new ListOptionsBuilder().withLimit(3L).withContinue(second.getMetadata().getContinue()).build());

        assertThat(names(first)).containsExactly("p-1", "p-2", "p-3");
        assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(4L);
        assertThat(names(second)).containsExactly("p-4", "p-5", "p-6");
        assertThat(second.getItems().get(2).getMetadata().getLabels()).isNullOrEmpty();
        assertThat(names(third)).containsExactly("p-7");
        assertThat(third.getMetadata().getContinue()).isNullOrEmpty();
        assertThat(second.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(third.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(names(pipelines.list())).containsExactly("p-1", "p-2", "p-3", "p-4", "p-6", "p-7", "p-9");
    }

    @Test
    @DisplayName("API concepts (chunks) / etcd3 store: a continue token whose snapshot was compacted is 410 Expired, with a token "
            + "that continues on the current state (an inconsistent remainder)")
    void compactedContinueToken() {
        String ns = chunked("expired", 5);
        Answer first = get(cluster, path(ns, "pipelines", null) + "?limit=2");
        String token = first.body().path("metadata").path("continue").asText();
        create(pipeline(ns, "p-9"));
        cluster.server.compact();

        Answer expired = get(cluster, path(ns, "pipelines", null) + "?limit=2&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));

        assertThat(expired.code()).isEqualTo(410);
        assertThat(expired.body().path("reason").asText()).isEqualTo("Expired");
        assertThat(expired.body().path("message").asText()).isEqualTo("The provided continue parameter is too old to display a consistent "
                + "list result. You can start a new list without the continue parameter, or use the continue token in this response to "
                + "retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects "
                + "that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
        String inconsistent = expired.body().path("metadata").path("continue").asText();
        assertThat(inconsistent).isNotEmpty();
        Answer rest = get(cluster, path(ns, "pipelines", null) + "?limit=10&continue=" + URLEncoder.encode(inconsistent, StandardCharsets.UTF_8));
        assertThat(rest.code()).isEqualTo(200);
        List<String> restNames = new ArrayList<>();
        rest.body().path("items").forEach(item -> restNames.add(item.path("metadata").path("name").asText()));
        assertThat(restNames).containsExactly("p-3", "p-4", "p-5", "p-9");
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).list(new ListOptionsBuilder().withLimit(2L).withContinue(token).build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(410));
    }
}
