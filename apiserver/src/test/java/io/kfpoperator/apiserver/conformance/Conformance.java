package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * What every conformance test shares: a server with the operator's CRDs as the Helm chart ships
 * them, raw HTTP for checking status codes and bodies byte for byte, the real kubectl (one-shot
 * and streaming), and fabric8 handles on our custom resources.
 * The CRDs are installed whole, CEL rules included, as a cluster gets them.
 */
final class Conformance {

    static final String GROUP = "pipelines.kubeflow.org";
    static final String VERSION = "v1beta1";
    static final String API_VERSION = GROUP + "/" + VERSION;
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Conformance() {
    }

    /** A server (default options) with the chart's CRDs. */
    static TestCluster cluster() {
        return cluster(ApiServer.Options.defaults());
    }

    static TestCluster cluster(ApiServer.Options options) {
        TestCluster cluster = TestCluster.empty(options);
        try {
            List<InputStream> documents = new ArrayList<>();
            for (JsonNode crd : crds()) {
                documents.add(new ByteArrayInputStream(YAML.writeValueAsBytes(crd)));
            }
            cluster.server.installCrds(documents);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        }
    }

    /** The CRDs under helm/kfp-operator/crds, as users install them. */
    static List<JsonNode> crds() {
        Path dir = repositoryRoot().resolve("helm/kfp-operator/crds");
        try (Stream<Path> files = Files.list(dir)) {
            List<JsonNode> crds = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                crds.add(YAML.readTree(file.toFile()));
            }
            return crds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chart's CRD for {@code plural}. */
    static JsonNode crd(String plural) {
        return crds().stream().filter(c -> c.path("spec").path("names").path("plural").asText().equals(plural)).findFirst()
                .orElseThrow(() -> new AssertionError("no CRD for " + plural + " in the chart"));
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("helm/kfp-operator/crds"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("helm/kfp-operator/crds not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A fresh namespace for one test. */
    static String namespace(TestCluster cluster, String prefix) {
        String name = (prefix + "-" + NAMESPACES.incrementAndGet()).toLowerCase(Locale.ROOT);
        cluster.server.createNamespace(name);
        return name;
    }

    static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    // ---------------------------------------------------------------- fabric8

    static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> custom(
            KubernetesClient client, String kind) {
        return client.genericKubernetesResources(API_VERSION, kind);
    }

    static GenericKubernetesResource resource(KubernetesClient client, String yaml) {
        return client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    }

    // ---------------------------------------------------------------- manifests

    /** A Pipeline (static framework) in {@code namespace}. */
    static String pipeline(String namespace, String name) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  provider: kfp-operator/kfp
                  image: ghcr.io/example/hello-world:v1
                  framework:
                    name: static
                    parameters:
                      uri: file://examples/pipelines/hello-world.yaml
                """.formatted(name, namespace);
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- raw HTTP

    /** One HTTP answer: the code and the body as JSON (empty object when it is not JSON). */
    record Answer(int code, JsonNode body, String raw) {
    }

    static Answer http(TestCluster cluster, String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.server.uri() + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                parsed = JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), parsed, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Answer get(TestCluster cluster, String path) {
        return http(cluster, "GET", path, null, null);
    }

    /** The path of a custom resource collection or object: {@code /apis/pipelines.kubeflow.org/v1beta1/namespaces/ns/plural[/name]}. */
    static String path(String namespace, String plural, String name) {
        return "/apis/" + API_VERSION + "/namespaces/" + namespace + "/" + plural + (name == null ? "" : "/" + name);
    }

    /**
     * A streaming watch read line by line (one JSON event per line), for as long as the test
     * holds it; closing it ends the request.
     */
    static final class WatchStream implements AutoCloseable {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final InputStream body;
        private final Thread reader;

        WatchStream(TestCluster cluster, String pathAndQuery) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.server.uri() + pathAndQuery)).header("Accept", "application/json").build();
            try {
                HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).as("watch %s", pathAndQuery).isEqualTo(200);
                body = response.body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (!line.isBlank()) {
                            events.add(JSON.readTree(line));
                        }
                    }
                } catch (IOException closed) {
                    // The test closed the stream.
                }
            }, "watch-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** "TYPE name" of each event so far. */
        List<String> summary() {
            return events.stream().map(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText()).toList();
        }

        boolean ended() {
            return !reader.isAlive();
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }

    // ---------------------------------------------------------------- kubectl

    /** kubectl run in the background (get -w, delete --wait): its output lines as they come. */
    static final class Background implements AutoCloseable {
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();
        final Process process;

        Background(Kubectl kubectl, String... args) {
            process = kubectl.start(args);
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // No input to give.
            }
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
        }

        private static void pump(InputStream stream, List<String> into) {
            Thread thread = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        into.add(line);
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            }, "kubectl-output");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits (bounded) for the process to end and answers its exit code. */
        int exitCode() {
            await().until(() -> !process.isAlive());
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
