package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.await;
import static io.kfpoperator.apiserver.conformance.Conformance.custom;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.conformance.Conformance.WatchStream;
import io.kfpoperator.apiserver.faults.ApiFaults;
import io.kfpoperator.apiserver.faults.ApiFaults.Rule;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Injected API faults answer as kube-apiserver answers the real ones (the meta/v1 Status of
 * k8s.io/apimachinery's errors.NewConflict, NewInternalError, NewTooManyRequests, and the watch
 * cache's 410 Expired), fire only on the verbs and resources chosen, and write nothing.
 */
class InjectedFaultsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String STATUS_PATCH = "{\"status\": {\"providerId\": {\"provider\": \"x\", \"id\": \"y\"}}}";

    private static TestCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster(ApiServer.Options.defaults().withBookmarkInterval(Duration.ofMinutes(30)));
        kubectl = cluster.kubectl();
    }

    @AfterEach
    void clearFaults() {
        cluster.server.faults().clear();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String created(String prefix) {
        String ns = Conformance.namespace(cluster, prefix);
        Kubectl.Result result = kubectl.runWithInput(pipeline(ns, "p"), "create", "-f", "-");
        assertThat(result.exitCode()).as(result.all()).isZero();
        return ns;
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.server.uri() + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String resourceVersion(String ns) {
        return custom(cluster.client, "Pipeline").inNamespace(ns).withName("p").get().getMetadata().getResourceVersion();
    }

    @Test
    @DisplayName("A 409 on status PATCHes of pipelines is errors.NewConflict's Status, leaves the object unwritten and spares other requests")
    void conflictOnStatusPatches() throws Exception {
        String ns = created("conflict");
        String before = resourceVersion(ns);
        cluster.server.faults().inject(Rule.rate(1.0, "patch", "pipelines/status", 409));

        HttpResponse<String> refused = send("PATCH", path(ns, "pipelines", "p") + "/status", "application/merge-patch+json", STATUS_PATCH);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Conformance.json(refused.body())).isEqualTo(Conformance.json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"Operation cannot be fulfilled on pipelines.pipelines.kubeflow.org \\"p\\": the object has been modified; please apply your changes to the latest version and try again",
                 "reason":"Conflict","details":{"name":"p","group":"pipelines.kubeflow.org","kind":"pipelines"},"code":409}"""));
        assertThat(resourceVersion(ns)).isEqualTo(before);
        // fabric8 reads it as kube-apiserver's conflict
        assertThatThrownBy(() -> custom(cluster.client, "Pipeline").inNamespace(ns).withName("p").editStatus(p -> {
            p.setAdditionalProperty("status", java.util.Map.of("version", "v2"));
            return p;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(409);
            assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
        });
        // the main resource and other verbs are served
        assertThat(send("PATCH", path(ns, "pipelines", "p"), "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}")
                .statusCode()).isEqualTo(200);
        assertThat(send("GET", path(ns, "pipelines", "p") + "/status", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("A 500 is errors.NewInternalError's Status with the cause in details.causes")
    void internalError() throws Exception {
        String ns = created("internal");
        cluster.server.faults().inject(Rule.rate(1.0, "get", "pipelines", 500));

        HttpResponse<String> refused = send("GET", path(ns, "pipelines", "p"), null, null);

        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        assertThat(Conformance.json(refused.body())).isEqualTo(Conformance.json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: injected fault",
                 "reason":"InternalError","details":{"causes":[{"message":"injected fault"}]},"code":500}"""));
        assertThat(send("GET", path(ns, "pipelines", null), null, null).statusCode()).as("lists are another verb").isEqualTo(200);
    }

    @Test
    @DisplayName("A 429 carries Retry-After and details.retryAfterSeconds, as errors.NewTooManyRequests through ErrorNegotiated")
    void tooManyRequests() throws Exception {
        String ns = created("throttled");
        cluster.server.faults().inject(new Rule("create", "*", 429, 1.0, -1, 2));

        HttpResponse<String> refused = send("POST", "/api/v1/namespaces/" + ns + "/configmaps", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        assertThat(Conformance.json(refused.body())).isEqualTo(Conformance.json("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.",
                 "reason":"TooManyRequests","details":{"retryAfterSeconds":2},"code":429}"""));
        cluster.server.faults().clear();
        assertThat(send("GET", "/api/v1/namespaces/" + ns + "/configmaps/c", null, null).statusCode()).as("nothing was created").isEqualTo(404);
    }

    @Test
    @DisplayName("A counted rule refuses that many matching requests, then the server serves them again")
    void countedRule() throws Exception {
        String ns = created("counted");
        cluster.server.faults().inject(Rule.times(2, "*", "pipelines", 500));

        List<Integer> codes = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            codes.add(send("GET", path(ns, "pipelines", "p"), null, null).statusCode());
        }

        assertThat(codes).containsExactly(500, 500, 200, 200);
        assertThat(cluster.server.faults().injected()).isEqualTo(2);
    }

    @Test
    @DisplayName("A rate refuses about that share of the matching requests, the same ones for the same seed")
    void rateIsSeeded() {
        ApiFaults a = new ApiFaults(7).inject(Rule.rate(0.3, "patch", "runs/status", 409));
        ApiFaults b = new ApiFaults(7).inject(Rule.rate(0.3, "patch", "runs/status", 409));
        List<Boolean> first = new java.util.ArrayList<>();
        List<Boolean> second = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            first.add(a.decide("patch", "pipelines.kubeflow.org", "runs", "status", "r").isPresent());
            second.add(b.decide("patch", "pipelines.kubeflow.org", "runs", "status", "r").isPresent());
        }
        assertThat(first).isEqualTo(second);
        assertThat(a.injected()).isBetween(250L, 350L);
        assertThat(a.decide("patch", "pipelines.kubeflow.org", "runs", null, "r")).as("not the main resource").isEmpty();
    }

    @Test
    @DisplayName("expireWatches ends open watches with an ERROR event carrying 410 Expired; a fabric8 informer relists and stays in step")
    void expiredWatches() {
        String ns = created("expired");
        String from = resourceVersion(ns);
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
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                handled.add("delete " + obj.getMetadata().getName());
            }
        });
        try (WatchStream raw = new WatchStream(cluster, path(ns, "pipelines", null) + "?watch=1&resourceVersion=" + from)) {
            await().until(() -> handled.contains("add p") && lists.size() == 1);

            cluster.server.expireWatches();

            await().until(raw::ended);
            assertThat(raw.events).hasSize(1);
            JsonNode error = raw.events.get(0);
            assertThat(error.path("type").asText()).isEqualTo("ERROR");
            assertThat(error.path("object").path("kind").asText()).isEqualTo("Status");
            assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
            assertThat(error.path("object").path("message").asText()).startsWith("too old resource version: " + from + " (");
            await().until(() -> lists.size() == 2);
            assertThat(kubectl.run("delete", "pipeline", "p", "-n", ns).exitCode()).isZero();
            await().until(() -> handled.contains("delete p") && informer.getStore().list().isEmpty());
        } finally {
            stopCounting.run();
            informer.close();
        }
    }

    @Test
    @DisplayName("A 410 rule on watch answers new watches with the ERROR event a too-old resourceVersion gets")
    void watchRule() {
        String ns = created("watchrule");
        cluster.server.faults().inject(Rule.times(1, "watch", "pipelines", 410));

        try (WatchStream raw = new WatchStream(cluster, path(ns, "pipelines", null) + "?watch=1&resourceVersion=5")) {
            await().until(raw::ended);
            assertThat(raw.events).hasSize(1);
            assertThat(raw.events.get(0).path("type").asText()).isEqualTo("ERROR");
            assertThat(raw.events.get(0).path("object").path("code").asInt()).isEqualTo(410);
            assertThat(raw.events.get(0).path("object").path("message").asText()).startsWith("too old resource version: 5 (");
        }
    }
}
