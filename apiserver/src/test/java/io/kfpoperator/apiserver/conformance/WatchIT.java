package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.await;
import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.conformance.Conformance.Background;
import io.kfpoperator.apiserver.conformance.Conformance.WatchStream;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Watches (API concepts: efficient detection of changes): the event stream, resuming from a
 * resourceVersion, 410 Gone once the history is compacted, and objects entering and leaving a
 * selection. Bookmarks are left out of this server (its interval is long) so that no bookmark
 * moves a client's resourceVersion on behind a test's back; {@link WatchBookmarksIT} has them.
 */
class WatchIT {

    private static TestCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster(ApiServer.Options.defaults().withBookmarkInterval(Duration.ofMinutes(30)));
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

    private static String resourceVersion(String namespace, String name) {
        Kubectl.Result result = kubectl.run("get", "pipeline", name, "-n", namespace, "-o", "jsonpath={.metadata.resourceVersion}");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return result.out().trim();
    }

    /** The label, modify and delete every watch test makes, in that order. */
    private static void changeAndDelete(String namespace, String name) {
        assertThat(kubectl.run("label", "pipeline", name, "-n", namespace, "watched=yes").exitCode()).isZero();
        assertThat(kubectl.run("delete", "pipeline", name, "-n", namespace).exitCode()).isZero();
    }

    /** The "EVENT NAME" pairs of `kubectl get -w --output-watch-events` rows. */
    private static List<String> events(Background watch) {
        return watch.out.stream().skip(1).map(line -> line.trim().split("\\s+")).map(cells -> cells[0] + " " + cells[1]).toList();
    }

    @Test
    @DisplayName("API concepts (efficient detection of changes): kubectl get -w --output-watch-events streams ADDED, MODIFIED, DELETED")
    void kubectlGetWatch() {
        String ns = Conformance.namespace(cluster, "watch-kubectl");
        create(pipeline(ns, "before"));

        try (Background watch = new Background(kubectl, "get", "pipelines", "-n", ns, "-w", "--output-watch-events")) {
            await().until(() -> events(watch).contains("ADDED before"));
            create(pipeline(ns, "p"));
            changeAndDelete(ns, "p");

            await().until(() -> events(watch).size() == 4);
            assertThat(watch.out.get(0).trim().split("\\s+")).startsWith("EVENT", "NAME");
            assertThat(events(watch)).containsExactly("ADDED before", "ADDED p", "MODIFIED p", "DELETED p");
        }
    }

    @Test
    @DisplayName("API concepts (efficient detection of changes): a fabric8 watch gets ADDED, MODIFIED, DELETED in order, "
            + "with increasing resourceVersions")
    void fabric8Watch() {
        String ns = Conformance.namespace(cluster, "watch-f8");
        List<String> events = new CopyOnWriteArrayList<>();
        List<Long> versions = new CopyOnWriteArrayList<>();
        try (Watch ignored = custom(cluster.client, "Pipeline").inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                events.add(action + " " + resource.getMetadata().getName());
                versions.add(Long.parseLong(resource.getMetadata().getResourceVersion()));
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add("closed " + cause);
            }
        })) {
            create(pipeline(ns, "p"));
            changeAndDelete(ns, "p");

            await().until(() -> events.size() >= 3);
            assertThat(events).containsExactly("ADDED p", "MODIFIED p", "DELETED p");
            assertThat(versions).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    @DisplayName("API concepts (efficient detection of changes): a watch from a list's resourceVersion gets every change after it "
            + "and nothing before (raw watch, fabric8 withResourceVersion, kubectl get --raw)")
    void resumeFromResourceVersion() {
        String ns = Conformance.namespace(cluster, "resume");
        create(pipeline(ns, "old"));
        String from = Conformance.get(cluster, path(ns, "pipelines", null)).body().path("metadata").path("resourceVersion").asText();
        create(pipeline(ns, "p"));
        changeAndDelete(ns, "p");

        List<String> fabric8 = new CopyOnWriteArrayList<>();
        try (WatchStream raw = new WatchStream(cluster, path(ns, "pipelines", null) + "?watch=1&resourceVersion=" + from);
                Watch ignored = custom(cluster.client, "Pipeline").inNamespace(ns).withResourceVersion(from).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        fabric8.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            Kubectl.Result viaKubectl = kubectl.run("get", "--raw",
                    path(ns, "pipelines", null) + "?watch=1&resourceVersion=" + from + "&timeoutSeconds=1");

            await().until(() -> raw.events.size() >= 3 && fabric8.size() >= 3);
            assertThat(raw.summary()).containsExactly("ADDED p", "MODIFIED p", "DELETED p");
            assertThat(fabric8).containsExactly("ADDED p", "MODIFIED p", "DELETED p");
            assertThat(viaKubectl.out().lines().map(Conformance::json)
                    .map(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText()))
                    .containsExactly("ADDED p", "MODIFIED p", "DELETED p");
        }
    }

    @Test
    @DisplayName("API concepts (efficient detection of changes): once the history is compacted, a watch from an older "
            + "resourceVersion gets an ERROR event with Status 410 Expired \"too old resource version\"")
    void compactedHistoryIs410() {
        String ns = Conformance.namespace(cluster, "gone");
        create(pipeline(ns, "p"));
        String old = resourceVersion(ns, "p");
        create(pipeline(ns, "q"));
        cluster.server.compact();
        long compactedAt = cluster.server.revision();

        Kubectl.Result viaKubectl = kubectl.run("get", "--raw", path(ns, "pipelines", null) + "?watch=1&resourceVersion=" + old);
        AtomicReference<WatcherException> closed = new AtomicReference<>();
        try (WatchStream raw = new WatchStream(cluster, path(ns, "pipelines", null) + "?watch=1&resourceVersion=" + old);
                Watch ignored = custom(cluster.client, "Pipeline").inNamespace(ns).withResourceVersion(old).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        closed.set(cause);
                    }
                })) {
            await().until(() -> !raw.events.isEmpty() && raw.ended() && closed.get() != null);
            JsonNode error = raw.events.get(0);
            assertThat(raw.events).hasSize(1);
            assertThat(error.path("type").asText()).isEqualTo("ERROR");
            JsonNode status = error.path("object");
            assertThat(status.path("kind").asText()).isEqualTo("Status");
            assertThat(status.path("status").asText()).isEqualTo("Failure");
            assertThat(status.path("code").asInt()).isEqualTo(410);
            assertThat(status.path("reason").asText()).isEqualTo("Expired");
            // watch_cache.go: "too old resource version: <asked> (<oldest it can resume from>)".
            assertThat(status.path("message").asText()).isEqualTo("too old resource version: " + old + " (" + compactedAt + ")");
            assertThat(closed.get().isHttpGone()).isTrue();
            assertThat(viaKubectl.out().trim()).isEqualTo(error.toString());
        }
    }

    @Test
    @DisplayName("API concepts (efficient detection of changes): a fabric8 informer whose watch is answered 410 relists and keeps "
            + "its cache in step")
    void informerRelistsAfter410() {
        String ns = Conformance.namespace(cluster, "informer");
        create(pipeline(ns, "first"));
        List<String> handled = new CopyOnWriteArrayList<>();
        List<HttpFront.Request> lists = new CopyOnWriteArrayList<>();
        Runnable stopCounting = cluster.server.onRequest(r -> {
            if (r.method().equals("GET") && r.path().endsWith("/namespaces/" + ns + "/pipelines") && (r.query() == null || !r.query().contains("watch="))) {
                lists.add(r);
            }
        });
        SharedIndexInformer<GenericKubernetesResource> informer = custom(cluster.client, "Pipeline").inNamespace(ns).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                handled.add("add " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                handled.add("update " + newObj.getMetadata().getName());
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                handled.add("delete " + obj.getMetadata().getName());
            }
        });
        try {
            await().until(() -> handled.contains("add first") && lists.size() == 1);
            // A write the informer does not watch moves the revision on; compacting there leaves its resourceVersion behind.
            cluster.client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("elsewhere").endMetadata().build())
                    .create();
            cluster.server.compact();
            cluster.server.endWatches();

            await().until(() -> lists.size() == 2);
            create(pipeline(ns, "second"));
            assertThat(kubectl.run("delete", "pipeline", "first", "-n", ns).exitCode()).isZero();

            await().until(() -> informer.getStore().list().size() == 1 && handled.contains("delete first"));
            assertThat(informer.getStore().list()).extracting(p -> p.getMetadata().getName()).containsExactly("second");
            assertThat(handled).contains("add second");
        } finally {
            stopCounting.run();
            informer.close();
        }
    }

    @Test
    @DisplayName("Watch with a label selector (watch cache filter): an object that stops matching arrives as DELETED, carrying its "
            + "last matching state at the new resourceVersion; one that starts matching as ADDED")
    void leavingTheSelection() {
        String ns = Conformance.namespace(cluster, "selection");
        create(pipeline(ns, "p").replace("metadata:\n", "metadata:\n  labels: {env: prod}\n"));
        String from = resourceVersion(ns, "p");
        List<String> fabric8 = new CopyOnWriteArrayList<>();
        List<Map<String, String>> fabric8Labels = new CopyOnWriteArrayList<>();

        try (Background kubectlWatch = new Background(kubectl, "get", "pipelines", "-n", ns, "-l", "env=prod", "-w", "--output-watch-events");
                WatchStream raw = new WatchStream(cluster, path(ns, "pipelines", null) + "?watch=1&labelSelector=env%3Dprod&resourceVersion=" + from);
                Watch ignored = custom(cluster.client, "Pipeline").inNamespace(ns).withLabel("env", "prod").withResourceVersion(from)
                        .watch(new Watcher<>() {
                            @Override
                            public void eventReceived(Action action, GenericKubernetesResource resource) {
                                fabric8.add(action + " " + resource.getMetadata().getName());
                                fabric8Labels.add(resource.getMetadata().getLabels());
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                            }
                        })) {
            await().until(() -> events(kubectlWatch).contains("ADDED p"));
            assertThat(kubectl.run("label", "pipeline", "p", "-n", ns, "env=dev", "--overwrite").exitCode()).isZero();
            String left = resourceVersion(ns, "p");
            assertThat(kubectl.run("label", "pipeline", "p", "-n", ns, "env=prod", "--overwrite").exitCode()).isZero();

            await().until(() -> raw.events.size() >= 2 && fabric8.size() >= 2 && events(kubectlWatch).size() >= 3);
            assertThat(raw.summary()).containsExactly("DELETED p", "ADDED p");
            JsonNode deleted = raw.events.get(0).path("object");
            assertThat(deleted.path("metadata").path("labels").path("env").asText()).isEqualTo("prod");
            assertThat(deleted.path("metadata").path("resourceVersion").asText()).isEqualTo(left);
            assertThat(fabric8).containsExactly("DELETED p", "ADDED p");
            assertThat(fabric8Labels.get(0)).containsEntry("env", "prod");
            assertThat(events(kubectlWatch)).containsExactly("ADDED p", "DELETED p", "ADDED p");
        }
    }

    @Test
    @DisplayName("kubectl wait (watches until the condition holds): --for=condition, --for=jsonpath and --for=delete")
    void kubectlWait() {
        String ns = Conformance.namespace(cluster, "wait");
        create(pipeline(ns, "p"));
        var pipelines = custom(cluster.client, "Pipeline").inNamespace(ns);

        try (Background condition = new Background(kubectl, "wait", "pipeline/p", "-n", ns, "--for=condition=Synchronized", "--timeout=60s");
                Background jsonPath = new Background(kubectl, "wait", "pipeline/p", "-n", ns, "--for=jsonpath={.status.version}=v1-abc",
                        "--timeout=60s");
                Background deleted = new Background(kubectl, "wait", "pipeline/p", "-n", ns, "--for=delete", "--timeout=60s")) {
            pipelines.withName("p").editStatus(p -> {
                p.getAdditionalProperties().put("status", Map.of("version", "v1-abc", "conditions", List.of(Map.of("type", "Synchronized",
                        "status", "True", "reason", "Succeeded", "message", "", "lastTransitionTime", "2026-01-01T00:00:00Z"))));
                return p;
            });

            assertThat(condition.exitCode()).as(String.join("\n", condition.err)).isZero();
            assertThat(condition.out).containsExactly("pipeline.pipelines.kubeflow.org/p condition met");
            assertThat(jsonPath.exitCode()).as(String.join("\n", jsonPath.err)).isZero();
            assertThat(jsonPath.out).containsExactly("pipeline.pipelines.kubeflow.org/p condition met");
            assertThat(deleted.process.isAlive()).isTrue();

            pipelines.withName("p").delete();

            assertThat(deleted.exitCode()).as(String.join("\n", deleted.err)).isZero();
            assertThat(deleted.out).containsExactly("pipeline.pipelines.kubeflow.org/p condition met");
        }
    }

    @Test
    @DisplayName("A fabric8 watch of a built-in kind (ConfigMap) sees its changes")
    void fabric8WatchOfConfigMaps() {
        String ns = Conformance.namespace(cluster, "watch-cm");
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch ignored = cluster.client.configMaps().inNamespace(ns).watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
                events.add("closed " + cause);
            }
        })) {
            cluster.client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("a").endMetadata().build()).create();
            cluster.client.configMaps().inNamespace(ns).withName("a").delete();
            await().until(() -> events.size() >= 2);
            assertThat(events).containsExactly("ADDED a", "DELETED a");
        }
    }
}
