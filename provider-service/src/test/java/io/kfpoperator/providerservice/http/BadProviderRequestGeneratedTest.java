package io.kfpoperator.providerservice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.testing.BadInput;
import io.kfpoperator.apiserver.testing.GeneratedTries;
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
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated bad provider-service requests (issue #19): the body of each create (POST) and update
 * (PUT) of the REST contract, as the operator sends it (JSON) and as the Argo WorkflowTemplates do
 * (YAML, the compiled pipeline as text), with one field dropped, nulled, of the wrong type, out of
 * bounds, oddly named, deeply nested, unknown or repeated, or the text cut short. The answer is
 * 400 or 422 whose providerError names the field (or the value the platform refused), or 201/200
 * with what was sent on the (simulated) platform; never a 5xx (but the contract's 501 for updating
 * a run, which the simulated platform cannot), never a hang.
 *
 * <p>300 seeded tries (seed 19): {@code -DbadProviderRequest.tries=…}, {@code -DbadProviderRequest.seed=…}, and
 * {@code -DbadProviderRequest.try=i} to re-run one (see {@link GeneratedTries}).
 */
class BadProviderRequestGeneratedTest {

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

    @BeforeAll
    static void start() {
        platform = new SimulatedPlatform("kfp-operator-system/simulated", SimulatedSettings.defaults(),
                new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
        metrics = new ProviderMetrics("simulated");
        server = ProviderServer.start(platform, metrics, new ServerSettings("127.0.0.1", 0, MAX_BODY_BYTES, 2));
    }

    @AfterAll
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

    /** One request: create or update of a type, JSON or YAML, with its bad body. */
    record BadRequest(ResourceType type, boolean update, boolean yaml, BadInput.Mutation mutation) {
        @Override
        public String toString() {
            return (update ? "PUT " : "POST ") + type.pathSegment() + " as " + (yaml ? "YAML" : "JSON") + ": " + mutation;
        }
    }

    /** A bad body for a create or an update (as likely) of a type (each as likely), in JSON or YAML (as likely). */
    static BadRequest badRequest(Random random) {
        ResourceType type = GeneratedTries.oneOf(random, List.of(ResourceType.values()));
        boolean update = random.nextBoolean();
        boolean yaml = random.nextBoolean();
        return new BadRequest(type, update, yaml,
                BadInput.of(validBody(type, yaml), yaml ? BadInput.Format.YAML_TEXT : BadInput.Format.JSON_TEXT, random));
    }

    // 300 tries: each request here takes about 40 ms (the JDK HTTP server's Nagle delay with delayed ACKs, see
    // sun.net.httpserver.nodelay), so more would cost more than the rest of the module's tests.
    @Test
    void everyBadRequestIsRefusedNamingTheFieldOrCarriedOut() {
        GeneratedTries tries = GeneratedTries.named("badProviderRequest", 300, 19);
        tries.run(BadProviderRequestGeneratedTest::badRequest, bad -> refusedNamingTheFieldOrCarriedOut(bad, tries));
    }

    private static void refusedNamingTheFieldOrCarriedOut(BadRequest bad, GeneratedTries tries) {
        // A platform of its own for each request: the pipeline version runs name, and for updates the resource.
        platform.reset();
        platform.createPipeline(new PipelineDefinition(PIPELINE, "v1", null, null, null), compiledPipeline());
        String id = bad.update() ? existing(bad.type()) : null;
        String path = "/resource/" + bad.type().pathSegment() + (id == null ? "" : "/" + URLEncoder.encode(id, StandardCharsets.UTF_8));

        HttpResponse<String> response = send(bad.update() ? "PUT" : "POST", path, bad.yaml() ? "application/yaml" : "application/json",
                bad.mutation().text());
        JsonNode answer = parse(response.body());
        tries.collect("answer", response.statusCode());
        tries.collect("request", (bad.update() ? "PUT " : "POST ") + bad.type().pathSegment());

        switch (response.statusCode()) {
            case 201, 200 -> carriedOut(bad, answer.path("id").asText(null));
            case 400, 422 -> namesTheField(bad, answer.path("providerError").asText());
            // Deep nesting written as block YAML indents every level: past the server's limit it is not read at all.
            case 413 -> assertThat(bad.mutation().text().getBytes(StandardCharsets.UTF_8).length).as("%s", bad).isGreaterThan(MAX_BODY_BYTES);
            case 501 -> assertThat(bad.update() && bad.type() == ResourceType.RUN).as("%s answered 501: %s", bad, response.body()).isTrue();
            default -> fail("%s answered %d: %s", bad, response.statusCode(), response.body());
        }
    }

    // ---------------------------------------------------------------- bad requests the generated tries found, at their smallest

    private static HttpResponse<String> post(ResourceType type, String contentType, String body) {
        platform.reset();
        platform.createPipeline(new PipelineDefinition(PIPELINE, "v1", null, null, null), compiledPipeline());
        return send("POST", "/resource/" + type.pathSegment(), contentType, body);
    }

    @Test
    void fieldOfTheWrongTypeIsNamedWithWhatItTakesNotJavaTypes() {
        ObjectNode body = validBody(ResourceType.PIPELINE, false);
        ((ObjectNode) body.get("pipelineDefinition")).putArray("name");

        HttpResponse<String> response = post(ResourceType.PIPELINE, "application/json", BadInput.write(body, BadInput.Format.JSON_TEXT));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parse(response.body()).path("providerError").asText()).isEqualTo("pipelineDefinition.name has the wrong type; expected a string");
    }

    @Test
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

    @Test
    void nullParameterIsRefusedNamingItNotAServerError() {
        ObjectNode body = validBody(ResourceType.RUN, false);
        ((ObjectNode) body.get("parameters")).putNull("learning_rate");

        HttpResponse<String> response = post(ResourceType.RUN, "application/json", BadInput.write(body, BadInput.Format.JSON_TEXT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("providerError").asText())
                .isEqualTo("parameters.learning_rate is null; a parameter needs a value (\"\" for none)");
    }

    @Test
    void nullListItemIsRefusedNamingIt() {
        ObjectNode body = validBody(ResourceType.RUN, false);
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("artifacts")).addNull();

        HttpResponse<String> response = post(ResourceType.RUN, "application/json", BadInput.write(body, BadInput.Format.JSON_TEXT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(parse(response.body()).path("providerError").asText()).isEqualTo("artifacts[1] is null; remove it or give it a value");
    }

    /** The resource an update changes, made on the platform from the valid body. */
    private static String existing(ResourceType type) {
        Object definition = RequestBodies.parse(type, BadInput.write(validBody(type, false), BadInput.Format.JSON_TEXT)
                .getBytes(StandardCharsets.UTF_8));
        return switch (type) {
            case PIPELINE -> platform.createPipeline(((PipelineRequest) definition).pipelineDefinition(), compiledPipeline());
            case EXPERIMENT -> platform.createExperiment((ExperimentDefinition) definition);
            case RUN_SCHEDULE -> platform.createRunSchedule((RunScheduleDefinition) definition);
            case RUN -> platform.createRun((RunDefinition) definition);
        };
    }

    /** Done: the platform holds what the body says (as the server reads it). */
    private static void carriedOut(BadRequest bad, String id) {
        assertThat(id).as("%s: the id", bad).isNotBlank();
        Object sent = RequestBodies.parse(bad.type(), bad.mutation().text().getBytes(StandardCharsets.UTF_8), bad.yaml());
        switch (bad.type()) {
            case PIPELINE -> {
                PipelineDefinition definition = ((PipelineRequest) sent).pipelineDefinition();
                SimulatedPipeline pipeline = platform.pipelines().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
                if (!bad.update()) {
                    assertThat(pipeline.name()).as("%s", bad).isEqualTo(definition.name());
                }
                assertThat(pipeline.versions()).as("%s", bad).contains(definition.version());
            }
            case EXPERIMENT -> {
                ExperimentDefinition definition = (ExperimentDefinition) sent;
                SimulatedExperiment experiment = platform.experiments().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
                assertThat(List.of(experiment.version(), String.valueOf(experiment.description()))).as("%s", bad)
                        .isEqualTo(List.of(definition.version(), String.valueOf(definition.description())));
            }
            case RUN_SCHEDULE -> {
                SimulatedRunSchedule schedule = platform.runSchedules().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
                assertThat(schedule.definition()).as("%s", bad).isEqualTo(sent);
            }
            case RUN -> {
                RunDefinition definition = (RunDefinition) sent;
                SimulatedRun run = platform.runs().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
                assertThat(List.of(String.valueOf(run.name()), String.valueOf(run.version()), String.valueOf(run.pipelineVersion())))
                        .as("%s", bad).isEqualTo(List.of(String.valueOf(definition.name()), String.valueOf(definition.version()),
                                String.valueOf(definition.pipelineVersion())));
                assertThat(run.parameters()).as("%s", bad).isEqualTo(definition.parameters() == null ? java.util.Map.of() : definition.parameters());
            }
        }
    }

    /**
     * Refused: the providerError names the changed field (its last name), or quotes the value the platform
     * refused, or says the body as a whole cannot be read; never a Java exception.
     */
    private static void namesTheField(BadRequest bad, String error) {
        assertThat(error).as("%s", bad).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("`java.");
        List<String> segments = BadInput.segments(bad.mutation().path());
        String field = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        JsonNode readable = bad.mutation().truncated() ? null : readable(bad);
        JsonNode value = readable == null ? null : readable.at(pointer(segments));
        if (bad.mutation().truncated() && bad.yaml()) {
            // What is left of a YAML text is often still a document, with its own first problem.
            return;
        }
        assertThat(error).as("the error for %s", bad).satisfiesAnyOf(
                e -> assertThat(field).isNotEmpty().satisfies(f -> assertThat(e).contains(f)),
                e -> assertThat(value != null && value.isValueNode() && !value.asText().isEmpty() && e.contains("'" + value.asText())).isTrue(),
                e -> assertThat(e).startsWith("request body"),
                // A required field whose holder was changed: "pipelineDefinition.name is required" for a dropped definition.
                e -> assertThat(e).endsWith(" is required"));
    }

    /** The body as the server reads it, or null when it cannot (nesting past its reader's depth). */
    private static JsonNode readable(BadRequest bad) {
        try {
            return bad.yaml() ? SERVER_YAML.readTree(bad.mutation().text()) : Json.MAPPER.readTree(bad.mutation().text());
        } catch (IOException e) {
            return null;
        }
    }

    private static String pointer(List<String> segments) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : segments) {
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
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
