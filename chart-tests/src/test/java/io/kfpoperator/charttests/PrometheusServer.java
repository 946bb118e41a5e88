package io.kfpoperator.charttests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary) on a free local port, with its TSDB and
 * configuration in a directory of the test's, queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final URI uri;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** Starts Prometheus with {@code config} (prometheus.yml) in {@code dir} and waits until it is ready. */
    static PrometheusServer start(Path dir, String config) throws IOException {
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        List<String> command = new ArrayList<>(List.of(PrometheusTools.executable("prometheus").toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            await("Prometheus ready on port " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("prometheus exited (" + process.exitValue() + "): " + server.log());
                        }
                        try {
                            return server.get("/-/ready").statusCode() == 200;
                        } catch (IOException notListeningYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code /api/v1/query}: the {@code data} of the answer; an error answer fails with Prometheus' message. */
    JsonNode query(String promql) {
        return api("/api/v1/query?query=" + encode(promql), promql);
    }

    /** {@code /api/v1/label/<label>/values?match[]=<series>}: what a dashboard's label_values() variable offers. */
    List<String> labelValues(String label, String series) {
        List<String> values = new ArrayList<>();
        api("/api/v1/label/" + label + "/values?match[]=" + encode(series), series).forEach(v -> values.add(v.asText()));
        return values;
    }

    /** {@code /api/v1/rules}: the rule groups with each rule's health, state and last error. */
    JsonNode rules() {
        return api("/api/v1/rules", "rules");
    }

    private JsonNode api(String path, String what) {
        try {
            HttpResponse<String> response = get(path);
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus refused " + what + " (" + response.statusCode() + "): " + body.path("error").asText(response.body()));
            }
            return body.path("data");
        } catch (IOException e) {
            throw new AssertionError("Prometheus did not answer " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
