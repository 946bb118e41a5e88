package io.kfpoperator.providerservice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server behaviour beyond the shared contract suite: failures of the platform itself, chunked bodies, readiness. */
class ProviderServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPERIMENT = "{\"name\": \"ns/e\", \"version\": \"v1\", \"description\": \"d\"}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SimulatedPlatform simulated = new SimulatedPlatform("ns/sim", SimulatedSettings.defaults(),
            new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
    private ProviderServer server;
    private ProviderMetrics metrics;

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void platformUnavailableAnswers500WithThePlatformsMessage() throws Exception {
        start(simulated, 1024);
        simulated.setErrorRate(1.0);

        HttpResponse<String> response = send("POST", "/resource/experiment", EXPERIMENT);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(error(response)).contains("injected failure of create experiment");
        assertThat(metrics.scrape()).contains("operation=\"create_experiment\",outcome=\"failure\"");
    }

    @Test
    void aBugInThePlatformAnswers500WithoutLeakingDetailsAndTheServerKeepsServing() throws Exception {
        start(new BrokenPlatform(simulated), 1024);

        HttpResponse<String> response = send("POST", "/resource/experiment", EXPERIMENT);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(error(response)).isEqualTo("internal error: IllegalStateException");
        assertThat(send("POST", "/resource/pipeline",
                "{\"pipelineDefinition\": {\"name\": \"ns/p\", \"version\": \"v1\"}}").statusCode()).isEqualTo(201);
    }

    @Test
    void oversizedChunkedBodyWithoutContentLengthAnswers413() throws Exception {
        start(simulated, 1024);
        byte[] big = ("{\"name\": \"ns/e\", \"version\": \"v1\", \"description\": \"" + "x".repeat(10_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/resource/experiment"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).contains("1024 bytes");
        assertThat(send("POST", "/resource/experiment", EXPERIMENT).statusCode()).isEqualTo(201);
    }

    @Test
    void idsArePathUnescapedBeforeTheyReachThePlatform() throws Exception {
        start(simulated, 1024);
        send("POST", "/resource/pipeline", "{\"pipelineDefinition\": {\"name\": \"ns/p\", \"version\": \"v1\"}}");
        HttpResponse<String> created = send("POST", "/resource/runschedule", """
                {"name": "ns/s", "version": "v1", "pipelineName": "ns/p", "pipelineVersion": "v1",
                 "schedule": {"cronExpression": "0 * * * *"}}""");
        String id = JSON.readTree(created.body()).path("id").asText();

        HttpResponse<String> deleted = send("DELETE", "/resource/runschedule/" + id.replace("/", "%2F"), null);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(simulated.runSchedules()).isEmpty();
    }

    @Test
    void readinessFollowsThePlatform() throws Exception {
        start(new BrokenPlatform(simulated), 1024);

        assertThat(send("GET", "/readyz", null).statusCode()).isEqualTo(503);
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(503);
        assertThat(send("GET", "/livez", null).statusCode()).isEqualTo(200);
    }

    private void start(PipelinePlatform platform, long maxBodyBytes) {
        metrics = new ProviderMetrics("simulated");
        server = ProviderServer.start(platform, metrics, new ServerSettings("127.0.0.1", 0, maxBodyBytes, 2));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        return body.path("providerError").asText();
    }

    /** A platform with a bug in createExperiment and a failing readiness check; everything else delegates. */
    private static final class BrokenPlatform implements PipelinePlatform {
        private final SimulatedPlatform delegate;

        BrokenPlatform(SimulatedPlatform delegate) {
            this.delegate = delegate;
        }

        @Override
        public String createExperiment(ExperimentDefinition definition) {
            throw new IllegalStateException("bug with internals\n\tat com.example.Secret.method(Secret.java:1)");
        }

        @Override
        public boolean isReady() {
            return false;
        }

        @Override
        public String createPipeline(io.kfpoperator.provider.contract.PipelineDefinition d, JsonNode c) {
            return delegate.createPipeline(d, c);
        }

        @Override
        public String updatePipeline(String id, io.kfpoperator.provider.contract.PipelineDefinition d, JsonNode c) {
            return delegate.updatePipeline(id, d, c);
        }

        @Override
        public void deletePipeline(String id) {
            delegate.deletePipeline(id);
        }

        @Override
        public String updateExperiment(String id, ExperimentDefinition d) {
            return delegate.updateExperiment(id, d);
        }

        @Override
        public void deleteExperiment(String id) {
            delegate.deleteExperiment(id);
        }

        @Override
        public String createRunSchedule(io.kfpoperator.provider.contract.RunScheduleDefinition d) {
            return delegate.createRunSchedule(d);
        }

        @Override
        public String updateRunSchedule(String id, io.kfpoperator.provider.contract.RunScheduleDefinition d) {
            return delegate.updateRunSchedule(id, d);
        }

        @Override
        public void deleteRunSchedule(String id) {
            delegate.deleteRunSchedule(id);
        }

        @Override
        public String createRun(io.kfpoperator.provider.contract.RunDefinition d) {
            return delegate.createRun(d);
        }

        @Override
        public void deleteRun(String id) {
            delegate.deleteRun(id);
        }

        @Override
        public java.util.List<io.kfpoperator.provider.spi.FinishedRun> finishedRunsSince(Instant since) {
            return delegate.finishedRunsSince(since);
        }
    }
}
