package io.kfpoperator.providerservice.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Argo WorkflowTemplates send: YAML bodies (Content-Type application/yaml) and, for
 * pipelines, the compiler's output as a YAML or JSON string in {@code compiledPipeline}.
 */
class YamlBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPILED_YAML = """
            pipelineInfo:
              name: p
            schemaVersion: 2.1.0
            root:
              dag:
                tasks: {}
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SimulatedPlatform simulated = new SimulatedPlatform("ns/sim", SimulatedSettings.defaults(),
            new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
    private final RecordingPlatform platform = new RecordingPlatform(simulated);
    private ProviderServer server;
    private ProviderMetrics metrics;

    @BeforeEach
    void start() {
        metrics = new ProviderMetrics("simulated");
        server = ProviderServer.start(platform, metrics, new ServerSettings("127.0.0.1", 0, 1024 * 1024, 2));
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "application/x-yaml", "text/yaml", "application/yaml; charset=utf-8"})
    void yamlBodiesAreReadWhenTheContentTypeSaysYaml(String contentType) throws Exception {
        HttpResponse<String> response = send("POST", "/resource/experiment", contentType, """
                name: ns/e
                version: "1.0"
                description: from argo
                """);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(simulated.experiments()).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("ns/e"));
        assertThat(platform.lastExperiment.get().version()).isEqualTo("1.0");
        assertThat(platform.lastExperiment.get().description()).isEqualTo("from argo");
    }

    @Test
    void jsonBodiesStillWorkWithoutAContentTypeAndWithJsonContentType() throws Exception {
        String body = "{\"name\": \"ns/e\", \"version\": \"v1\", \"description\": \"d\"}";
        assertThat(send("POST", "/resource/experiment", null, body).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/resource/experiment", "application/json", body).statusCode()).isEqualTo(201);
    }

    @Test
    void yamlIsNotGuessedForJsonContentType() throws Exception {
        HttpResponse<String> response = send("POST", "/resource/experiment", "application/json", "name: ns/e\nversion: v1\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("request body is not valid JSON");
    }

    @Test
    void malformedYamlAnswers400SayingYaml() throws Exception {
        HttpResponse<String> response = send("POST", "/resource/experiment", "application/yaml", "name: [ns/e\nversion: v1\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("request body is not valid YAML");
    }

    @Test
    void compiledPipelineSentAsYamlTextReachesThePlatformAsATree() throws Exception {
        String body = "pipelineDefinition:\n  name: ns/p\n  version: v1\n  image: img:1\n"
                + "compiledPipeline: |\n" + COMPILED_YAML.indent(2);

        HttpResponse<String> response = send("POST", "/resource/pipeline", "application/yaml", body);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode compiled = platform.lastCompiled.get();
        assertThat(compiled.isObject()).isTrue();
        assertThat(compiled.at("/pipelineInfo/name").asText()).isEqualTo("p");
        assertThat(compiled.at("/schemaVersion").asText()).isEqualTo("2.1.0");
        assertThat(platform.lastPipeline.get().image()).isEqualTo("img:1");
    }

    @Test
    void compiledPipelineSentAsJsonTextInAJsonBodyOnUpdateReachesThePlatformAsATree() throws Exception {
        String id = JSON.readTree(send("POST", "/resource/pipeline", null,
                "{\"pipelineDefinition\": {\"name\": \"ns/p\", \"version\": \"v1\"}, \"compiledPipeline\": {\"a\": 1}}").body())
                .path("id").asText();
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("pipelineDefinition",
                        JSON.createObjectNode().put("name", "ns/p").put("version", "v2"))
                .put("compiledPipeline", "{\"pipelineInfo\": {\"name\": \"p\"}, \"deploymentSpec\": {}}"));

        HttpResponse<String> response = send("PUT", "/resource/pipeline/" + id, "application/json", body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(platform.lastCompiled.get().at("/pipelineInfo/name").asText()).isEqualTo("p");
        assertThat(platform.lastCompiled.get().has("deploymentSpec")).isTrue();
    }

    @Test
    void compiledPipelineObjectsAreStillPassedThrough() throws Exception {
        HttpResponse<String> response = send("POST", "/resource/pipeline", "application/yaml",
                "pipelineDefinition: {name: ns/p, version: v1}\ncompiledPipeline:\n  pipelineInfo: {name: p}\n");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(platform.lastCompiled.get().at("/pipelineInfo/name").asText()).isEqualTo("p");
    }

    @Test
    void largeCompiledPipelinesAreNotCutShortByAYamlDocumentLimit() throws Exception {
        server.close();
        server = ProviderServer.start(platform, metrics, new ServerSettings("127.0.0.1", 0, 16L * 1024 * 1024, 2));
        String compiled = "pipelineInfo:\n  name: p\ncomponents:\n  comp:\n    blob: " + "x".repeat(4 * 1024 * 1024) + "\n";
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("pipelineDefinition",
                        JSON.createObjectNode().put("name", "ns/p").put("version", "v1"))
                .put("compiledPipeline", compiled));

        HttpResponse<String> response = send("POST", "/resource/pipeline", "application/yaml", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(platform.lastCompiled.get().at("/components/comp/blob").asText()).hasSize(4 * 1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"just some text", "- a\n- b\n", "key: [unclosed\n", "42"})
    void compiledPipelineTextThatIsNotAnObjectAnswers400NamingTheField(String compiled) throws Exception {
        String body = JSON.writeValueAsString(JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("pipelineDefinition",
                        JSON.createObjectNode().put("name", "ns/p").put("version", "v1"))
                .put("compiledPipeline", compiled));

        HttpResponse<String> response = send("POST", "/resource/pipeline", "application/yaml", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("compiledPipeline ");
        assertThat(platform.lastCompiled.get()).isNull();
        assertThat(simulated.pipelines()).isEmpty();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("providerError").asText();
    }

    /** Remembers what reached the platform, then lets the simulated platform act on it. */
    private static final class RecordingPlatform implements PipelinePlatform {
        private final SimulatedPlatform delegate;
        final AtomicReference<JsonNode> lastCompiled = new AtomicReference<>();
        final AtomicReference<PipelineDefinition> lastPipeline = new AtomicReference<>();
        final AtomicReference<ExperimentDefinition> lastExperiment = new AtomicReference<>();

        RecordingPlatform(SimulatedPlatform delegate) {
            this.delegate = delegate;
        }

        @Override
        public String createPipeline(PipelineDefinition d, JsonNode c) {
            lastPipeline.set(d);
            lastCompiled.set(c);
            return delegate.createPipeline(d, c);
        }

        @Override
        public String updatePipeline(String id, PipelineDefinition d, JsonNode c) {
            lastPipeline.set(d);
            lastCompiled.set(c);
            return delegate.updatePipeline(id, d, c);
        }

        @Override
        public void deletePipeline(String id) {
            delegate.deletePipeline(id);
        }

        @Override
        public String createExperiment(ExperimentDefinition d) {
            lastExperiment.set(d);
            return delegate.createExperiment(d);
        }

        @Override
        public String updateExperiment(String id, ExperimentDefinition d) {
            lastExperiment.set(d);
            return delegate.updateExperiment(id, d);
        }

        @Override
        public void deleteExperiment(String id) {
            delegate.deleteExperiment(id);
        }

        @Override
        public String createRunSchedule(RunScheduleDefinition d) {
            return delegate.createRunSchedule(d);
        }

        @Override
        public String updateRunSchedule(String id, RunScheduleDefinition d) {
            return delegate.updateRunSchedule(id, d);
        }

        @Override
        public void deleteRunSchedule(String id) {
            delegate.deleteRunSchedule(id);
        }

        @Override
        public String createRun(RunDefinition d) {
            return delegate.createRun(d);
        }

        @Override
        public void deleteRun(String id) {
            delegate.deleteRun(id);
        }

        @Override
        public List<FinishedRun> finishedRunsSince(Instant since) {
            return delegate.finishedRunsSince(since);
        }
    }
}
