package io.kfpoperator.providerservice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.testing.BadInput;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.PipelineRequest;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedExperiment;
import io.kfpoperator.provider.simulated.SimulatedPipeline;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedRun;
import io.kfpoperator.provider.simulated.SimulatedRunSchedule;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.Json;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Bad provider-service requests (issue #19), each a create body of the REST contract with one
 * change: 400 whose providerError names the field in the contract's words, never a 5xx.
 */
class BadProviderRequestPropertyTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** What the server reads YAML bodies as (RequestBodies). */
    private static final com.fasterxml.jackson.databind.ObjectMapper SERVER_YAML = Json.MAPPER.copyWith(
            com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder().enable(com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature.EMPTY_STRING_AS_NULL).build());
    private static final String PIPELINE = "contract/p";
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private static SimulatedPlatform platform;
    private static ProviderMetrics metrics;
    private static ProviderServer server;

    @BeforeContainer
    static void start() {
        platform = new SimulatedPlatform("kfp-operator-system/simulated", SimulatedSettings.defaults(),
                new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
        metrics = new ProviderMetrics("simulated");
        server = ProviderServer.start(platform, metrics, new ServerSettings("127.0.0.1", 0, MAX_BODY_BYTES, 2));
    }

    @AfterContainer
    static void stop() {
        server.close();
        metrics.close();
    }

    static ObjectNode compiledPipeline() {
        ObjectNode compiled = BadInput.JSON.createObjectNode();
        compiled.putObject("pipelineInfo").put("name", "contract-p");
        compiled.putObject("root").putObject("dag").putObject("tasks");
        compiled.put("schemaVersion", "2.1.0").put("sdkVersion", "kfp-2.0.0");
        return compiled;
    }

    /** A valid body of each type, as the provider contract suite sends them. */
    static ObjectNode validBody(ResourceType type, boolean compiledAsText) {
        ObjectNode body = BadInput.JSON.createObjectNode();
        switch (type) {
            case PIPELINE -> {
                ObjectNode definition = body.putObject("pipelineDefinition").put("name", PIPELINE).put("version", "v2")
                        .put("image", "registry.example/pipelines/contract:v2");
                definition.putArray("env").addObject().put("name", "STAGE").put("value", "contract-test");
                definition.putObject("framework").put("name", "tfx").putObject("parameters").put("pipeline", "contract.pipeline.create_components");
                if (compiledAsText) {
                    body.put("compiledPipeline", BadInput.write(compiledPipeline(), BadInput.Format.YAML_TEXT));
                } else {
                    body.set("compiledPipeline", compiledPipeline());
                }
            }
            case EXPERIMENT -> body.put("name", "contract/e").put("version", "v1").put("description", "runs of p");
            case RUN, RUN_SCHEDULE -> {
                body.put("name", type == ResourceType.RUN ? "contract/r" : "contract/s").put("version", "v1").put("pipelineName", PIPELINE)
                        .put("pipelineVersion", "v1").put("runConfigurationName", "contract/rc").put("experimentName", "");
                body.putObject("parameters").put("learning_rate", "0.1");
                body.putArray("artifacts").addObject().put("name", "model").put("path", "trainer:model:0");
                if (type == ResourceType.RUN_SCHEDULE) {
                    body.putObject("schedule").put("cronExpression", "0 * * * *").put("startTime", "2026-01-01T00:00:00Z")
                            .put("endTime", "2027-01-01T00:00:00Z");
                    body.putObject("triggerIndicator").put("type", "schedule").put("source", "rc").put("sourceNamespace", "contract");
                }
            }
        }
        return body;
    }

    // ---------------------------------------------------------------- bad requests found by generated input (shrunk)

    private static HttpResponse<String> post(ResourceType type, String contentType, String body) {
        platform.reset();
        platform.createPipeline(new PipelineDefinition(PIPELINE, "v1", null, null, null), compiledPipeline());
        return send("POST", "/resource/" + type.pathSegment(), contentType, body);
    }

    @Example
    void fieldOfTheWrongTypeIsNamedWithWhatItTakesNotJavaTypes() {
        ObjectNode body = validBody(ResourceType.PIPELINE, false);
        ((ObjectNode) body.get("pipelineDefinition")).putArray("name");

        HttpResponse<String> response = post(ResourceType.PIPELINE, "application/json", BadInput.write(body, BadInput.Format.JSON_TEXT));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("providerError").asText()).isEqualTo("pipelineDefinition.name has the wrong type; expected a string");
    }

    @Example
    void emptyYamlValueIsAbsentNotAnEmptyStringOfTheWrongType() {
        String body = """
                pipelineDefinition:
                  name: contract/p
                  version: v2
                  env:
                compiledPipeline: "{pipelineInfo: {name: contract-p}, root: {dag: {tasks: {}}}, schemaVersion: 2.1.0}"
                """;

        HttpResponse<String> response = post(ResourceType.PIPELINE, "application/yaml", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Example
    void nullParameterIsRefusedNamingItNotAServerError() {
        ObjectNode body = validBody(ResourceType.RUN, false);
        ((ObjectNode) body.get("parameters")).putNull("learning_rate");

        HttpResponse<String> response = post(ResourceType.RUN, "application/json", BadInput.write(body, BadInput.Format.JSON_TEXT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("providerError").asText())
                .isEqualTo("parameters.learning_rate is null; a parameter needs a value (\"\" for none)");
    }

    @Example
    void nullListItemIsRefusedNamingIt() {
        ObjectNode body = validBody(ResourceType.RUN, false);
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("artifacts")).addNull();

        HttpResponse<String> response = post(ResourceType.RUN, "application/json", BadInput.write(body, BadInput.Format.JSON_TEXT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("providerError").asText()).isEqualTo("artifacts[1] is null; remove it or give it a value");
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(ANSWER_WITHIN)
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer within " + ANSWER_WITHIN + " to " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? Json.MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + body, e);
        }
    }
}
