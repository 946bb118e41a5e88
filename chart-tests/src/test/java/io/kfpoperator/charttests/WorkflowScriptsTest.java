package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.http.ProviderServer;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell scripts of the rendered WorkflowTemplates, run with this machine's sh, curl and jq
 * against a real provider service (simulated platform) and against a server answering chosen
 * status codes: what the operator reads back is provider-output and provider-status.
 */
class WorkflowScriptsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, JsonNode> templates;

    @TempDir
    Path dir;

    private SimulatedPlatform simulated;
    private ProviderMetrics metrics;
    private ProviderServer providerService;
    private HttpServer fake;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void renderAndCheckTools() {
        checkTools();
        templates = ProviderWorkflowsChartTest.workflowTemplates(Helm.renderWorkflows("ml"));
    }

    /** sh, curl and jq run the scripts; a missing one fails the tests with what to install, never skips them. */
    static void checkTools() {
        for (String tool : List.of("sh", "curl", "jq")) {
            assertThat(onPath(tool)).as("`%s` is needed to run the WorkflowTemplates' scripts: install it (apt-get install -y curl jq)"
                    + " or run .ci/run, which installs curl and jq when missing", tool).isTrue();
        }
    }

    @BeforeEach
    void startProviderService() {
        simulated = new SimulatedPlatform("ml/sim", SimulatedSettings.defaults(), new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
        metrics = new ProviderMetrics("simulated");
        providerService = ProviderServer.start(simulated, metrics, new ServerSettings("127.0.0.1", 0, 1024 * 1024, 2));
    }

    @AfterEach
    void stop() {
        providerService.close();
        metrics.close();
        if (fake != null) {
            fake.stop(0);
        }
    }

    // ---- against the real provider service ----

    @Test
    void experimentRoundTripThroughTheSimpleTemplatesSteps() throws Exception {
        String url = "127.0.0.1:" + providerService.port();
        String definition = "{\"name\": \"ml/exp\", \"version\": \"v1\", \"description\": \"first\"}";

        WorkflowStep.Outcome created = call("create", url, "experiment", null, definition);
        assertThat(created.output("provider-status")).isEqualTo("201");
        String id = JSON.readTree(created.output("provider-output")).path("id").asText();
        assertThat(id).isNotEmpty();
        assertThat(simulated.experiments()).singleElement().satisfies(e -> assertThat(e.description()).isEqualTo("first"));

        WorkflowStep.Outcome updated = call("update", url, "experiment", urlEncode(id),
                "{\"name\": \"ml/exp\", \"version\": \"v2\", \"description\": \"second\"}");
        assertThat(updated.output("provider-status")).isEqualTo("200");
        assertThat(JSON.readTree(updated.output("provider-output")).path("id").asText()).isEqualTo(id);
        assertThat(simulated.experiments()).singleElement().satisfies(e -> assertThat(e.description()).isEqualTo("second"));

        WorkflowStep.Outcome deleted = call("delete", url, "experiment", urlEncode(id), null);
        assertThat(deleted.output("provider-status")).isEqualTo("200");
        assertThat(JSON.readTree(deleted.output("provider-output")).has("providerError")).isFalse();
        assertThat(simulated.experiments()).isEmpty();
    }

    @Test
    void pipelineRoundTripThroughTheCompiledTemplatesSteps() throws Exception {
        String url = "127.0.0.1:" + providerService.port();
        String definition = "{\"name\": \"ml/pipe\", \"version\": \"v1\", \"image\": \"registry.example.com/pipe:v1\","
                + " \"framework\": {\"name\": \"tfx\", \"parameters\": {\"pipeline\": \"a.b\"}}}";
        String compiled = "pipelineInfo:\n  name: pipe\nschemaVersion: 2.1.0\nroot:\n  dag:\n    tasks: {}\n";

        WorkflowStep.Outcome image = step("common-steps", "select-resource-image").workflowParameter("resource-definition", definition).run();
        assertThat(image.exitCode()).as(image.describe()).isZero();
        assertThat(image.stdout()).isEqualTo("registry.example.com/pipe:v1");

        String combined = combine(definition, compiled);
        JsonNode body = JSON.readTree(combined);
        assertThat(body.path("pipelineDefinition")).isEqualTo(JSON.readTree(definition));
        assertThat(body.path("compiledPipeline").asText()).isEqualTo(compiled);

        WorkflowStep.Outcome created = call("create", url, "pipeline", null, combined);
        assertThat(created.output("provider-status")).as(created.describe()).isEqualTo("201");
        String id = JSON.readTree(created.output("provider-output")).path("id").asText();
        assertThat(simulated.pipelines()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.versions()).containsExactly("v1");
        });

        WorkflowStep.Outcome updated = call("update", url, "pipeline", urlEncode(id), combine(definition.replace("\"v1\"", "\"v2\""), compiled));
        assertThat(updated.output("provider-status")).as(updated.describe()).isEqualTo("200");
        assertThat(JSON.readTree(updated.output("provider-output")).path("id").asText()).isEqualTo(id);
        assertThat(simulated.pipelines()).singleElement().satisfies(p -> assertThat(p.versions()).containsExactlyInAnyOrder("v1", "v2"));

        WorkflowStep.Outcome deleted = call("delete", url, "pipeline", urlEncode(id), null);
        assertThat(deleted.output("provider-status")).isEqualTo("200");
        assertThat(simulated.pipelines()).isEmpty();
    }

    @Test
    void aCompiledPipelineThatIsNotAnObjectComesBackAsAProviderError() throws Exception {
        String url = "127.0.0.1:" + providerService.port();
        String combined = combine("{\"name\": \"ml/pipe\", \"version\": \"v1\", \"image\": \"i\"}", "not a pipeline\n");

        WorkflowStep.Outcome created = call("create", url, "pipeline", null, combined);

        assertThat(created.exitCode()).isZero();
        assertThat(created.output("provider-status")).isEqualTo("400");
        assertThat(JSON.readTree(created.output("provider-output")).path("providerError").asText()).startsWith("compiledPipeline");
    }

    @Test
    void combineFilesRefusesADefinitionThatIsNotJson() {
        WorkflowStep.Outcome outcome = step("compiled-workflow-steps", "combine-files")
                .workflowParameter("resource-definition", "name: [broken")
                .artifact("resource", "pipelineInfo: {}\n").run();

        assertThat(outcome.exitCode()).isNotZero();
    }

    @Test
    void selectResourceImageFailsWithoutAnImage() {
        WorkflowStep.Outcome outcome = step("common-steps", "select-resource-image")
                .workflowParameter("resource-definition", "{\"name\": \"ml/pipe\"}").run();

        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr()).contains("has no image");
    }

    @Test
    void urlEncodeEscapesSlashesAndSpacesOfProviderIds() {
        assertThat(urlEncode("projects/p/locations/europe-west1/schedules/run 1")).isEqualTo(
                "projects%2Fp%2Flocations%2Feurope-west1%2Fschedules%2Frun%201");
        // jq 1.6 leaves RFC 2396's unreserved marks (' ( ) ! * ~) alone, 1.7 encodes them: both are
        // valid in a path segment; what matters is that the shell did not interpret anything.
        String tricky = "it's \"quoted\" $(date) `id` 100%/x";
        String encoded = urlEncode(tricky);
        assertThat(encoded).doesNotContain("/", " ", "\"", "$", "`").startsWith("it").contains("%24");
        assertThat(java.net.URI.create("http://h/" + encoded).getPath()).isEqualTo("/" + tricky);
    }

    // ---- against a server answering chosen status codes ----

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422, 500, 503})
    void errorAnswersAreReportedThroughTheOutputsAndTheStepSucceeds(int status) throws Exception {
        String url = startFake(status, "{\"providerError\":\"refused by the platform\"}");

        for (String call : List.of("create", "update", "delete")) {
            WorkflowStep.Outcome outcome = call(call, url, "runschedule", "projects%2Fp%2Fschedules%2Fs", "{\"name\": \"ml/s\"}");

            assertThat(outcome.exitCode()).as(call + ": " + outcome.describe()).isZero();
            assertThat(outcome.output("provider-status")).isEqualTo(String.valueOf(status));
            assertThat(JSON.readTree(outcome.output("provider-output")).path("providerError").asText()).isEqualTo("refused by the platform");
        }
        assertThat(received).containsExactly(
                "POST /resource/runschedule application/json {\"name\": \"ml/s\"}",
                "PUT /resource/runschedule/projects%2Fp%2Fschedules%2Fs application/json {\"name\": \"ml/s\"}",
                "DELETE /resource/runschedule/projects%2Fp%2Fschedules%2Fs - ");
    }

    @Test
    void notImplementedFailsTheStepAndStillReportsTheAnswer() throws Exception {
        String url = startFake(501, "{\"providerError\":\"runs cannot be updated\"}");

        for (String call : List.of("create", "update", "delete")) {
            WorkflowStep.Outcome outcome = call(call, url, "run", "r1", "{\"name\": \"ml/r\"}");

            assertThat(outcome.exitCode()).as(call).isNotZero();
            assertThat(outcome.output("provider-status")).isEqualTo("501");
            assertThat(outcome.output("provider-output")).contains("runs cannot be updated");
        }
    }

    @Test
    void anUnreachableServiceIsReportedAsStatus000AndTheStepSucceeds() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        for (String call : List.of("create", "update", "delete")) {
            WorkflowStep.Outcome outcome = call(call, "127.0.0.1:" + port, "experiment", "e1", "{\"name\": \"ml/e\"}");

            assertThat(outcome.exitCode()).as(call + ": " + outcome.describe()).isZero();
            assertThat(outcome.output("provider-status")).isEqualTo("000");
            assertThat(JSON.readTree(outcome.output("provider-output")).path("providerError").asText())
                    .contains("could not reach the provider service at http://127.0.0.1:" + port);
        }
    }

    @Test
    void anEmptyErrorAnswerStillGivesTheOperatorJson() throws Exception {
        String url = startFake(502, "");

        WorkflowStep.Outcome outcome = call("create", url, "experiment", null, "{}");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.output("provider-status")).isEqualTo("502");
        assertThat(JSON.readTree(outcome.output("provider-output")).path("providerError").asText()).contains("HTTP 502");
    }

    @Test
    void aUrlWithASchemeIsUsedAsItIs() throws Exception {
        String url = "http://" + startFake(201, "{\"id\":\"x\"}");

        WorkflowStep.Outcome outcome = call("create", url, "experiment", null, "{}");

        assertThat(outcome.output("provider-status")).isEqualTo("201");
        assertThat(JSON.readTree(outcome.output("provider-output")).path("id").asText()).isEqualTo("x");
    }

    // ---- helpers ----

    private WorkflowStep step(String workflowTemplate, String template) {
        try {
            return new WorkflowStep(ProviderWorkflowsChartTest.template(templates.get(workflowTemplate), template),
                    Files.createTempDirectory(dir, template));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One provider call step (create, update or delete of common-steps) as the entry points invoke it. */
    private WorkflowStep.Outcome call(String operation, String serviceUrl, String kind, String encodedId, String body) {
        WorkflowStep step = step("common-steps", operation)
                .workflowParameter("resource-kind", kind)
                .input("provider-service-url", serviceUrl);
        if (!operation.equals("create")) {
            step.input("url-encoded-resource-id", encodedId);
        }
        if (!operation.equals("delete")) {
            step.artifact("body", body);
        }
        return step.run();
    }

    private String urlEncode(String id) {
        WorkflowStep.Outcome outcome = step("common-steps", "url-encode").input("unencoded", id).run();
        assertThat(outcome.exitCode()).as(outcome.describe()).isZero();
        return outcome.output("url-encoded");
    }

    private String combine(String definition, String compiled) throws IOException {
        WorkflowStep.Outcome outcome = step("compiled-workflow-steps", "combine-files")
                .workflowParameter("resource-definition", definition)
                .artifact("resource", compiled).run();
        assertThat(outcome.exitCode()).as(outcome.describe()).isZero();
        return Files.readString(outcome.outputArtifacts().get("combined"));
    }

    private String startFake(int status, String body) throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        fake.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                        + (contentType == null ? "-" : contentType) + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        fake.start();
        return "127.0.0.1:" + fake.getAddress().getPort();
    }

    private static boolean onPath(String tool) {
        try {
            Process process = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
