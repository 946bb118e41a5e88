package io.kfpoperator.providerservice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.http.ProviderServer;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider REST contract (docs/provider-service.md), checked from the operator's side: a real provider
 * service HTTP server on a free port in front of the platform under test, driven with real HTTP
 * calls. Every platform module extends this with its platform:
 *
 * <pre>{@code
 * class MyPlatformContractTest extends ProviderContractSuite {
 *     @Override
 *     protected PipelinePlatform platform() { return new MyPlatform(...); } // fresh or reset per test
 * }
 * }</pre>
 *
 * <p>It assumes only the contract and the SPI's documented behaviour (idempotent create, delete of
 * an unknown id succeeds, update of an unknown id is 404). Hooks a platform may override:
 * {@link #pipelineBody} (e.g. a compiled pipeline the platform accepts), {@link #invalidCronExpression},
 * {@link #countOnPlatform} (to check that a repeated create made nothing), {@link #afterEachTest}. Hooks a
 * platform must implement read the platform itself ({@link #existsOnPlatform} and the others), so
 * every create, update and delete is checked by its outcome on the platform, not by a status code.
 * A test that cannot apply to a platform can be overridden without {@code @Test}, which removes it.
 */
public abstract class ProviderContractSuite {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ProviderServer server;
    private ProviderMetrics metrics;
    private String prefix;

    /** The platform under test; called before each test and expected to have no objects from earlier tests. */
    protected abstract PipelinePlatform platform();

    /** Called after each test, once the server is stopped (release or reset the platform here). */
    protected void afterEachTest() {
    }

    /**
     * How many objects of {@code type} named {@code name} ("namespace/name") the platform holds, if the
     * test can see into it; empty skips the "created nothing" half of the idempotency tests.
     */
    protected OptionalInt countOnPlatform(ResourceType type, String name) {
        return OptionalInt.empty();
    }

    // ---- what the platform holds, read from the platform itself (not from the service's answers) ----

    /** Whether the platform holds the object {@code id} of {@code type} (for runs: a run with that id that is not deleted). */
    protected abstract boolean existsOnPlatform(ResourceType type, String id);

    /** The version names the platform holds for pipeline {@code pipelineId}; may include platform-made ones. */
    protected abstract List<String> pipelineVersionsOnPlatform(String pipelineId);

    /** The description the platform holds for experiment {@code experimentId}, empty if it has none. */
    protected abstract Optional<String> experimentDescriptionOnPlatform(String experimentId);

    /** Whether the platform holds run {@code runId} as stopped (cancelled, terminated) or being stopped. */
    protected abstract boolean runStoppedOnPlatform(String runId);

    /** The cron expression the platform holds for schedule {@code scheduleId} (in the platform's own form). */
    protected abstract Optional<String> scheduleCronOnPlatform(String scheduleId);

    /**
     * Checks what the platform received for {@code reference}, uploaded as version {@code version} of
     * pipeline {@code pipelineId} and run once as {@code runId}: the IR inside a PipelineJob, the
     * parameters bound as its schema version asks, checked against the platform's API.
     */
    protected abstract void assertCompilerOutputReachedThePlatform(ReferencePipeline reference, String pipelineId,
            String version, String runId);

    /** The body size limit the server under test is started with; the oversized-body test sends more. */
    protected long maxBodyBytes() {
        return 64 * 1024;
    }

    /** A cron expression the platform rejects (422). */
    protected String invalidCronExpression() {
        return "every full moon";
    }

    /** A valid cron expression (five fields, as users write them in a RunConfiguration). */
    protected String cronExpression() {
        return "0 * * * *";
    }

    protected ObjectNode pipelineBody(String name, String version) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode definition = body.putObject("pipelineDefinition");
        definition.put("name", name);
        definition.put("version", version);
        definition.put("image", "registry.example/pipelines/contract:" + version);
        definition.putArray("env").addObject().put("name", "STAGE").put("value", "contract-test");
        ObjectNode framework = definition.putObject("framework");
        framework.put("name", "tfx");
        framework.putObject("parameters").put("pipeline", "contract.pipeline.create_components");
        ObjectNode compiled = body.putObject("compiledPipeline");
        compiled.putObject("pipelineInfo").put("name", name.replace('/', '-'));
        compiled.putObject("root").putObject("dag").putObject("tasks");
        compiled.put("schemaVersion", "2.1.0");
        compiled.put("sdkVersion", "kfp-2.0.0");
        return body;
    }

    protected ObjectNode experimentBody(String name, String version, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("version", version);
        body.put("description", description);
        return body;
    }

    protected ObjectNode runScheduleBody(String name, String version, String pipelineName, String pipelineVersion, String cron) {
        ObjectNode body = runBody(name, version, pipelineName, pipelineVersion);
        body.putObject("schedule").put("cronExpression", cron).put("startTime", "2026-01-01T00:00:00Z");
        ObjectNode trigger = body.putObject("triggerIndicator");
        trigger.put("type", "schedule");
        trigger.put("source", name.substring(name.indexOf('/') + 1));
        trigger.put("sourceNamespace", name.substring(0, name.indexOf('/')));
        return body;
    }

    protected ObjectNode runBody(String name, String version, String pipelineName, String pipelineVersion) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("version", version);
        body.put("pipelineName", pipelineName);
        body.put("pipelineVersion", pipelineVersion);
        body.put("runConfigurationName", name + "-rc");
        body.put("experimentName", "");
        body.putObject("parameters").put("learning_rate", "0.1");
        body.putArray("artifacts").addObject().put("name", "model").put("path", "trainer:model:0");
        return body;
    }

    @BeforeEach
    final void startProviderService(TestInfo testInfo) {
        String method = testInfo.getTestMethod().map(m -> m.getName()).orElse("test");
        // Unique per test (and per parameterised invocation) so nothing depends on test order.
        prefix = "contract/" + method.toLowerCase() + "-" + Integer.toHexString(testInfo.getDisplayName().hashCode());
        metrics = new ProviderMetrics("contract");
        server = ProviderServer.start(platform(), metrics, new ServerSettings("127.0.0.1", 0, maxBodyBytes(), 4));
    }

    @AfterEach
    final void serverStillServesThenStop() throws Exception {
        try {
            assertThat(send("GET", "/livez", null).status()).as("server still serving after the test").isEqualTo(200);
        } finally {
            server.close();
            metrics.close();
            afterEachTest();
        }
    }

    // ---- create ----

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void createAnswers201WithTheNewId(ResourceType type) throws Exception {
        Response response = create(type, name("a"), "v1");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().path("id").asText()).isNotBlank();
        assertThat(response.body().has("providerError")).isFalse();
        assertThat(existsOnPlatform(type, response.body().path("id").asText())).as("%s on the platform", type).isTrue();
    }

    static Stream<ReferencePipeline> referencePipelines() {
        return ReferencePipeline.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referencePipelines")
    void aRealCompilerOutputReachesThePlatformAsThePipelineSpecInsideIt(ReferencePipeline reference) throws Exception {
        String pipeline = name("compiled");
        ObjectNode body = pipelineBody(pipeline, "v1");
        body.set("compiledPipeline", reference.document().deepCopy());
        ((ObjectNode) body.get("pipelineDefinition").get("framework")).put("name", reference.framework());

        String id = idOf(send("POST", "/resource/pipeline", body));
        String run = idOf(send("POST", "/resource/run", runBody(name("compiled-run"), "v1", pipeline, "v1")));

        assertThat(pipelineVersionsOnPlatform(id)).contains("v1");
        assertThat(existsOnPlatform(ResourceType.RUN, run)).isTrue();
        assertCompilerOutputReachedThePlatform(reference, id, "v1", run);
    }

    @Test
    void aPipelineSpecThatIsNotAnObjectIsRejectedWith400AndNothingIsCreated() throws Exception {
        String pipeline = name("bad-spec");
        ObjectNode body = pipelineBody(pipeline, "v1");
        ((ObjectNode) body.get("compiledPipeline")).removeAll().put("pipelineSpec", "not a spec");

        Response response = send("POST", "/resource/pipeline", body);

        assertError(response, 400);
        assertThat(response.body().path("providerError").asText()).contains("pipelineSpec");
        OptionalInt count = countOnPlatform(ResourceType.PIPELINE, pipeline);
        if (count.isPresent()) {
            assertThat(count.getAsInt()).isZero();
        }
    }

    @Test
    void createAcceptsATrailingSlash() throws Exception {
        Response response = send("POST", "/resource/experiment/", experimentBody(name("trailing"), "v1", "d"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("id").asText()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void repeatedCreateReturnsTheSameIdAndCreatesNothing(ResourceType type) throws Exception {
        String name = name("same");
        Response first = create(type, name, "v1");
        Response second = create(type, name, "v1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isIn(200, 201);
        assertThat(second.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        OptionalInt count = countOnPlatform(type, name);
        if (count.isPresent()) {
            assertThat(count.getAsInt()).as("%s objects named %s", type, name).isEqualTo(1);
        }
    }

    @Test
    void anotherAttemptOfARunIsANewPlatformRunAndRepeatingItCreatesNothing() throws Exception {
        String name = name("attempts");
        String first = idOf(create(ResourceType.RUN, name, "v1"));
        ObjectNode second = runBody(name, "v1", name + "-pipeline", "v1").put("attempt", 2);

        String secondId = idOf(send("POST", "/resource/run", second));
        String repeated = idOf(send("POST", "/resource/run", second));

        assertThat(secondId).isNotEqualTo(first);
        assertThat(repeated).isEqualTo(secondId);
        assertThat(existsOnPlatform(ResourceType.RUN, first)).isTrue();
        assertThat(existsOnPlatform(ResourceType.RUN, secondId)).isTrue();
    }

    @Test
    void stoppingARunAnswers200StopsItAndKeepsItOnThePlatform() throws Exception {
        String id = idOf(create(ResourceType.RUN, name("stop"), "v1"));

        Response stopped = send("POST", path(ResourceType.RUN, id) + "/stop", null);
        Response again = send("POST", path(ResourceType.RUN, id) + "/stop", null);

        assertThat(stopped.status()).as(stopped.text()).isEqualTo(200);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(runStoppedOnPlatform(id)).isTrue();
        assertThat(existsOnPlatform(ResourceType.RUN, id)).isTrue();
    }

    @Test
    void stoppingARunThatDoesNotExistAnswers404() throws Exception {
        assertError(send("POST", path(ResourceType.RUN, "never-created-run") + "/stop", null), 404);
    }

    // ---- update ----

    @Test
    void pipelineUpdateAddsTheNewVersionOnThePlatformBesideTheOld() throws Exception {
        String id = idOf(create(ResourceType.PIPELINE, name("p"), "v1"));

        Response response = send("PUT", path(ResourceType.PIPELINE, id), pipelineBody(name("p"), "v2"));

        assertThat(response.status()).isEqualTo(200);
        String updated = response.body().path("id").asText();
        assertThat(updated).isNotBlank();
        assertThat(pipelineVersionsOnPlatform(updated)).contains("v1", "v2");
    }

    /**
     * An experiment update is either made (the platform holds the new description) or answered with
     * an error the operator shows on the Experiment (501/422 with a reason); a 200 that changed
     * nothing would tell the user the change was applied.
     */
    @Test
    void experimentUpdateIsMadeOnThePlatformOrAnsweredWithAReason() throws Exception {
        String id = idOf(create(ResourceType.EXPERIMENT, name("e"), "v1"));

        Response response = send("PUT", path(ResourceType.EXPERIMENT, id), experimentBody(name("e"), "v2", "changed"));

        if (response.status() == 200) {
            String updated = response.body().path("id").asText();
            assertThat(experimentDescriptionOnPlatform(updated)).contains("changed");
        } else {
            assertThat(response.status()).as("an update the platform cannot make").isIn(422, 501);
            assertError(response, response.status());
            assertThat(experimentDescriptionOnPlatform(id)).as("the experiment as it was").contains("contract test experiment");
        }
    }

    @Test
    void experimentUpdateThatChangesNothingThePlatformHoldsAnswers200() throws Exception {
        String id = idOf(create(ResourceType.EXPERIMENT, name("e"), "v1"));

        Response response = send("PUT", path(ResourceType.EXPERIMENT, id),
                experimentBody(name("e"), "v2", "contract test experiment"));

        assertThat(response.status()).isEqualTo(200);
        String updated = response.body().path("id").asText();
        assertThat(experimentDescriptionOnPlatform(updated)).contains("contract test experiment");
    }

    @Test
    void runScheduleUpdateReplacesTheCronOnThePlatform() throws Exception {
        String pipeline = name("p");
        idOf(create(ResourceType.PIPELINE, pipeline, "v1"));
        String id = idOf(send("POST", "/resource/runschedule", runScheduleBody(name("s"), "v1", pipeline, "v1", cronExpression())));

        Response response = send("PUT", path(ResourceType.RUN_SCHEDULE, id),
                runScheduleBody(name("s"), "v2", pipeline, "v1", "30 * * * *"));

        assertThat(response.status()).isEqualTo(200);
        String updated = response.body().path("id").asText();
        assertThat(updated).isNotBlank();
        assertThat(scheduleCronOnPlatform(updated).map(ProviderContractSuite::unixFields)).contains("30 * * * *");
        if (!updated.equals(id)) {
            assertThat(existsOnPlatform(ResourceType.RUN_SCHEDULE, id)).as("the replaced schedule").isFalse();
        }
        assertThat(countOnPlatform(ResourceType.RUN_SCHEDULE, name("s")).orElse(1)).isEqualTo(1);
    }

    @Test
    void runUpdateAnswers501AndLeavesTheRun() throws Exception {
        String pipeline = name("p");
        idOf(create(ResourceType.PIPELINE, pipeline, "v1"));
        String id = idOf(send("POST", "/resource/run", runBody(name("r"), "v1", pipeline, "v1")));

        Response response = send("PUT", path(ResourceType.RUN, id), runBody(name("r"), "v2", pipeline, "v1"));

        assertError(response, 501);
        assertThat(existsOnPlatform(ResourceType.RUN, id)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ResourceType.class, names = {"PIPELINE", "EXPERIMENT", "RUN_SCHEDULE"})
    void updateOfAnUnknownIdAnswers404(ResourceType type) throws Exception {
        String pipeline = name("p");
        idOf(create(ResourceType.PIPELINE, pipeline, "v1"));
        ObjectNode body = switch (type) {
            case PIPELINE -> pipelineBody(pipeline, "v2");
            case EXPERIMENT -> experimentBody(name("e"), "v1", "d");
            default -> runScheduleBody(name("s"), "v1", pipeline, "v1", cronExpression());
        };

        Response response = send("PUT", path(type, "no-such-id-" + type.pathSegment()), body);

        assertError(response, 404);
    }

    @Test
    void runScheduleWithAnInvalidCronIsRejectedWith422() throws Exception {
        String pipeline = name("p");
        idOf(create(ResourceType.PIPELINE, pipeline, "v1"));

        Response response = send("POST", "/resource/runschedule",
                runScheduleBody(name("s"), "v1", pipeline, "v1", invalidCronExpression()));

        assertError(response, 422);
    }

    @Test
    void failedScheduleUpdateKeepsThePreviousSchedule() throws Exception {
        String pipeline = name("p");
        idOf(create(ResourceType.PIPELINE, pipeline, "v1"));
        String id = idOf(send("POST", "/resource/runschedule", runScheduleBody(name("s"), "v1", pipeline, "v1", cronExpression())));

        Response rejected = send("PUT", path(ResourceType.RUN_SCHEDULE, id),
                runScheduleBody(name("s"), "v2", pipeline, "v1", invalidCronExpression()));
        assertError(rejected, 422);

        // The old schedule is still there, unchanged: it can still be updated and deleted by its id.
        assertThat(scheduleCronOnPlatform(id).map(ProviderContractSuite::unixFields)).contains(unixFields(cronExpression()));
        Response later = send("PUT", path(ResourceType.RUN_SCHEDULE, id),
                runScheduleBody(name("s"), "v3", pipeline, "v1", "30 * * * *"));
        assertThat(later.status()).isEqualTo(200);
        String laterId = later.body().path("id").asText();
        assertThat(scheduleCronOnPlatform(laterId).map(ProviderContractSuite::unixFields)).contains("30 * * * *");
        assertThat(send("DELETE", path(ResourceType.RUN_SCHEDULE, laterId), null).status()).isEqualTo(200);
        assertThat(existsOnPlatform(ResourceType.RUN_SCHEDULE, laterId)).isFalse();
        assertThat(existsOnPlatform(ResourceType.RUN_SCHEDULE, id)).isFalse();
    }

    // ---- delete ----

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void deleteAnswers200WithAnEmptyObject(ResourceType type) throws Exception {
        String id = idOf(create(type, name("d"), "v1"));

        Response response = send("DELETE", path(type, id), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.body().has("providerError")).isFalse();
        assertThat(response.body().path("id").asText("")).isEmpty();
        assertThat(existsOnPlatform(type, id)).as("%s %s after its delete", type, id).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void deleteRemovesThatObjectOnlyFromThePlatform(ResourceType type) throws Exception {
        String keep = idOf(create(type, name("keep"), "v1"));
        String drop = idOf(create(type, name("drop"), "v1"));

        assertThat(send("DELETE", path(type, drop), null).status()).isEqualTo(200);

        assertThat(existsOnPlatform(type, drop)).isFalse();
        assertThat(existsOnPlatform(type, keep)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void deletingTwiceSucceedsBothTimes(ResourceType type) throws Exception {
        String id = idOf(create(type, name("d"), "v1"));

        assertThat(send("DELETE", path(type, id), null).status()).isEqualTo(200);
        assertThat(send("DELETE", path(type, id), null).status()).isEqualTo(200);
        assertThat(existsOnPlatform(type, id)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void deletingAnIdThatWasNeverCreatedSucceedsAndRemovesNothingElse(ResourceType type) throws Exception {
        String keep = idOf(create(type, name("keep"), "v1"));
        String never = switch (type) {
            // Vertex schedule ids are resource names; one of the right shape that does not exist.
            case RUN_SCHEDULE -> keep.contains("/") ? keep.substring(0, keep.lastIndexOf('/') + 1) + "404" : "never-created";
            default -> "never-created-" + type.pathSegment();
        };

        Response response = send("DELETE", path(type, never), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(existsOnPlatform(type, keep)).isTrue();
    }

    @Test
    void deletedPipelineCanBeCreatedAgain() throws Exception {
        String id = idOf(create(ResourceType.PIPELINE, name("again"), "v1"));
        assertThat(send("DELETE", path(ResourceType.PIPELINE, id), null).status()).isEqualTo(200);

        assertThat(existsOnPlatform(ResourceType.PIPELINE, id)).isFalse();

        Response again = create(ResourceType.PIPELINE, name("again"), "v1");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("id").asText()).isNotBlank();
        assertThat(pipelineVersionsOnPlatform(again.body().path("id").asText())).contains("v1");
    }

    // ---- bad input ----

    @ParameterizedTest
    @EnumSource(ResourceType.class)
    void malformedJsonAnswers400AndTheServerKeepsServing(ResourceType type) throws Exception {
        Response response = sendRaw("POST", "/resource/" + type.pathSegment(), "{\"name\": \"ns/x\", \"version\": ");

        assertError(response, 400);
        assertThat(create(ResourceType.EXPERIMENT, name("after"), "v1").status()).isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotAnObjectAnswers400() throws Exception {
        assertError(sendRaw("POST", "/resource/experiment", "[1, 2, 3]"), 400);
        assertError(sendRaw("POST", "/resource/experiment", ""), 400);
    }

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of(ResourceType.PIPELINE, "pipelineDefinition"),
                Arguments.of(ResourceType.PIPELINE, "pipelineDefinition.name"),
                Arguments.of(ResourceType.PIPELINE, "pipelineDefinition.version"),
                Arguments.of(ResourceType.EXPERIMENT, "name"),
                Arguments.of(ResourceType.EXPERIMENT, "version"),
                Arguments.of(ResourceType.RUN_SCHEDULE, "name"),
                Arguments.of(ResourceType.RUN_SCHEDULE, "pipelineName"),
                Arguments.of(ResourceType.RUN_SCHEDULE, "pipelineVersion"),
                Arguments.of(ResourceType.RUN_SCHEDULE, "schedule"),
                Arguments.of(ResourceType.RUN_SCHEDULE, "schedule.cronExpression"),
                Arguments.of(ResourceType.RUN, "name"),
                Arguments.of(ResourceType.RUN, "version"),
                Arguments.of(ResourceType.RUN, "pipelineName"),
                Arguments.of(ResourceType.RUN, "pipelineVersion"));
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void missingRequiredFieldAnswers400NamingTheField(ResourceType type, String field) throws Exception {
        String pipeline = name("p");
        idOf(create(ResourceType.PIPELINE, pipeline, "v1"));
        ObjectNode body = validBody(type, name("missing"), pipeline);
        ObjectNode parent = body;
        String[] parts = field.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        parent.remove(parts[parts.length - 1]);

        Response response = send("POST", "/resource/" + type.pathSegment(), body);

        assertError(response, 400);
        assertThat(response.body().path("providerError").asText()).contains(field);
    }

    @Test
    void aFieldOfTheWrongShapeAnswers400NamingTheField() throws Exception {
        ObjectNode body = runScheduleBody(name("s"), "v1", name("p"), "v1", cronExpression());
        body.put("parameters", "not-an-object");

        Response response = send("POST", "/resource/runschedule", body);

        assertError(response, 400);
        assertThat(response.body().path("providerError").asText()).contains("parameters");
    }

    @Test
    void unknownResourceTypeAnswers404() throws Exception {
        assertError(send("POST", "/resource/pipelines", experimentBody(name("x"), "v1", "d")), 404);
        assertError(send("PUT", "/resource/workflow/some-id", experimentBody(name("x"), "v1", "d")), 404);
        assertError(send("DELETE", "/resource/workflow/some-id", null), 404);
    }

    @Test
    void unknownPathAnswers404() throws Exception {
        assertError(send("POST", "/resources/pipeline", pipelineBody(name("x"), "v1")), 404);
        assertError(send("GET", "/", null), 404);
    }

    @Test
    void wrongMethodAnswers405() throws Exception {
        assertError(send("GET", "/resource/pipeline", null), 405);
        assertError(send("PUT", "/resource/pipeline", pipelineBody(name("x"), "v1")), 405);
        assertError(send("POST", "/resource/experiment/some-id", experimentBody(name("x"), "v1", "d")), 405);
        assertError(send("GET", "/resource/experiment/some-id", null), 405);
    }

    @Test
    void oversizedBodyAnswers413AndTheServerKeepsServing() throws Exception {
        ObjectNode body = experimentBody(name("big"), "v1", "x".repeat((int) maxBodyBytes() + 1));

        Response response = send("POST", "/resource/experiment", body);

        assertError(response, 413);
        assertThat(create(ResourceType.EXPERIMENT, name("after"), "v1").status()).isEqualTo(201);
    }

    // ---- health ----

    @Test
    void healthEndpointsAnswer200() throws Exception {
        assertThat(send("GET", "/livez", null).status()).isEqualTo(200);
        assertThat(send("GET", "/readyz", null).status()).isEqualTo(200);
        assertThat(send("GET", "/health", null).status()).isEqualTo(200);
    }

    @Test
    void metricsRecordPlatformCalls() throws Exception {
        create(ResourceType.EXPERIMENT, name("m"), "v1");

        Response response = sendRaw("GET", "/metrics", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains(
                "kfp_provider_platform_request_duration_seconds_count{operation=\"create_experiment\",outcome=\"success\",platform=\"contract\"}");
    }

    // ---- helpers, usable by subclasses adding platform-specific contract tests ----

    /** The last five fields of a cron expression: a platform may add a seconds field in front. */
    protected static String unixFields(String cron) {
        String[] fields = cron.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOfRange(fields, Math.max(0, fields.length - 5), fields.length));
    }

    /** A "namespace/name" unique to the running test. */
    protected final String name(String suffix) {
        return prefix + "-" + suffix;
    }

    protected final String path(ResourceType type, String id) {
        return "/resource/" + type.pathSegment() + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** POSTs a valid definition of {@code type}; runs and schedules get their pipeline created first. */
    protected final Response create(ResourceType type, String name, String version) throws Exception {
        String pipeline = name + "-pipeline";
        if (type == ResourceType.RUN || type == ResourceType.RUN_SCHEDULE) {
            idOf(send("POST", "/resource/pipeline", pipelineBody(pipeline, "v1")));
        }
        ObjectNode body = switch (type) {
            case PIPELINE -> pipelineBody(name, version);
            case EXPERIMENT -> experimentBody(name, version, "contract test experiment");
            case RUN_SCHEDULE -> runScheduleBody(name, version, pipeline, "v1", cronExpression());
            case RUN -> runBody(name, version, pipeline, "v1");
        };
        return send("POST", "/resource/" + type.pathSegment(), body);
    }

    private ObjectNode validBody(ResourceType type, String name, String pipeline) {
        return switch (type) {
            case PIPELINE -> pipelineBody(name, "v1");
            case EXPERIMENT -> experimentBody(name, "v1", "d");
            case RUN_SCHEDULE -> runScheduleBody(name, "v1", pipeline, "v1", cronExpression());
            case RUN -> runBody(name, "v1", pipeline, "v1");
        };
    }

    protected final String idOf(Response response) {
        assertThat(response.status()).as("create answered %s", response.text()).isIn(200, 201);
        String id = response.body().path("id").asText();
        assertThat(id).isNotBlank();
        return id;
    }

    /** Every error is the ProviderOutput JSON with a readable reason, never a stack trace. */
    protected static void assertError(Response response, int status) {
        assertThat(response.status()).as("status of answer %s", response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        String error = response.body().path("providerError").asText();
        assertThat(error).isNotBlank();
        assertThat(error).doesNotContain("\tat ", "Exception:");
    }

    protected final Response send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        return sendRaw(method, path, body == null ? null : JSON.writeValueAsString(body));
    }

    protected final Response sendRaw(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** An answer of the provider service. */
    protected record Response(int status, String contentType, String text) {

        public JsonNode body() {
            try {
                return text == null || text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("answer is not JSON: " + text, e);
            }
        }
    }
}
