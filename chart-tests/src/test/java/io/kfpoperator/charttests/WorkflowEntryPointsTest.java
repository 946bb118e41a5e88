package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.http.ProviderServer;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry-point WorkflowTemplates carried out step by step (arguments, step outputs, artifacts
 * between steps, main's outputs) with the operator's workflow arguments, against a real provider
 * service on the simulated platform. Only the compile container is a stand-in.
 */
class WorkflowEntryPointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPILED = "pipelineInfo:\n  name: pipe\nschemaVersion: 2.1.0\n";
    private static Map<String, JsonNode> templates;

    @TempDir
    Path dir;

    private SimulatedPlatform simulated;
    private ProviderMetrics metrics;
    private ProviderServer providerService;
    private String url;

    @BeforeAll
    static void render() {
        WorkflowScriptsTest.checkTools();
        templates = ProviderWorkflowsChartTest.workflowTemplates(Helm.renderWorkflows("ml"));
    }

    @BeforeEach
    void startProviderService() {
        simulated = new SimulatedPlatform("ml/sim", SimulatedSettings.defaults(), new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
        metrics = new ProviderMetrics("simulated");
        providerService = ProviderServer.start(simulated, metrics, new ServerSettings("127.0.0.1", 0, 1024 * 1024, 2));
        url = "127.0.0.1:" + providerService.port();
    }

    @AfterEach
    void stop() {
        providerService.close();
        metrics.close();
    }

    @Test
    void experimentCreateUpdateDelete() throws Exception {
        WorkflowRun.Result created = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "experiment", "resource-definition", "{\"name\":\"ml/exp\",\"version\":\"v1\",\"description\":\"a\"}",
                "provider-name", "ml/sim", "provider-service-url", url)).run("create-simple");
        assertThat(created.phase()).as(created.log()).isEqualTo("Succeeded");
        assertThat(created.outputs().get("provider-status")).isEqualTo("201");
        String id = JSON.readTree(created.outputs().get("provider-output")).path("id").asText();
        assertThat(simulated.experiments()).extracting(e -> e.id()).containsExactly(id);

        WorkflowRun.Result updated = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "experiment", "resource-definition", "{\"name\":\"ml/exp\",\"version\":\"v2\",\"description\":\"b\"}",
                "provider-name", "ml/sim", "provider-service-url", url, "resource-id", id)).run("update-simple");
        assertThat(updated.phase()).as(updated.log()).isEqualTo("Succeeded");
        assertThat(updated.steps()).containsExactly("url-encode-resource-id", "provider");
        assertThat(updated.outputs()).containsEntry("provider-status", "200");
        assertThat(simulated.experiments()).singleElement().satisfies(e -> assertThat(e.description()).isEqualTo("b"));

        WorkflowRun.Result deleted = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "experiment", "resource-id", id, "provider-name", "ml/sim", "provider-service-url", url)).run("delete");
        assertThat(deleted.phase()).as(deleted.log()).isEqualTo("Succeeded");
        assertThat(deleted.outputs()).containsEntry("provider-status", "200").containsEntry("provider-output", "{}");
        assertThat(simulated.experiments()).isEmpty();
    }

    @Test
    void pipelineCreateAndUpdateCompileWithTheFrameworkAndPipelineImages() throws Exception {
        String definition = "{\"name\":\"ml/pipe\",\"version\":\"v1\",\"image\":\"registry.example.com/pipe:v1\","
                + "\"framework\":{\"name\":\"tfx\",\"parameters\":{}}}";
        List<WorkflowRun.ContainerInputs> compiles = new java.util.ArrayList<>();

        WorkflowRun.Result created = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "pipeline", "resource-definition", definition, "provider-name", "ml/sim",
                "provider-service-url", url, "pipeline-framework-image", "ghcr.io/example/compiler-tfx:1"))
                .container("compile", (template, inputs) -> {
                    compiles.add(inputs);
                    return Map.of("resource", COMPILED);
                })
                .run("create-compiled");

        assertThat(created.phase()).as(created.log()).isEqualTo("Succeeded");
        assertThat(created.steps()).containsExactly("select-resource-image", "compile", "combine-files", "provider");
        assertThat(compiles).singleElement().satisfies(c -> assertThat(c.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "resource-image", "registry.example.com/pipe:v1", "pipeline-framework-image", "ghcr.io/example/compiler-tfx:1")));
        assertThat(created.outputs().get("provider-status")).isEqualTo("201");
        String id = JSON.readTree(created.outputs().get("provider-output")).path("id").asText();

        WorkflowRun.Result updated = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "pipeline", "resource-definition", definition.replace("\"v1\"", "\"v2\""), "provider-name", "ml/sim",
                "provider-service-url", url, "pipeline-framework-image", "ghcr.io/example/compiler-tfx:1", "resource-id", id))
                .container("compile", (template, inputs) -> Map.of("resource", COMPILED))
                .run("update-compiled");

        assertThat(updated.phase()).as(updated.log()).isEqualTo("Succeeded");
        assertThat(updated.outputs()).containsEntry("provider-status", "200");
        assertThat(simulated.pipelines()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.versions()).containsExactlyInAnyOrder("v1", "v2");
        });
    }

    @Test
    void aRejectedDefinitionSucceedsWithTheProviderErrorInTheOutputs() throws Exception {
        WorkflowRun.Result result = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "runschedule", "resource-definition", "{\"name\":\"ml/s\"}",
                "provider-name", "ml/sim", "provider-service-url", url)).run("create-simple");

        assertThat(result.phase()).as(result.log()).isEqualTo("Succeeded");
        assertThat(result.outputs()).containsEntry("provider-status", "400");
        assertThat(JSON.readTree(result.outputs().get("provider-output")).path("providerError").asText()).isEqualTo("version is required");
    }

    @Test
    void updatingARunFailsTheWorkflow() {
        WorkflowRun.Result result = new WorkflowRun(templates, dir, Map.of(
                "resource-kind", "run",
                "resource-definition", "{\"name\":\"ml/r\",\"version\":\"v1\",\"pipelineName\":\"ml/p\",\"pipelineVersion\":\"v1\"}",
                "provider-name", "ml/sim", "provider-service-url", url, "resource-id", "ml-r")).run("update-simple");

        assertThat(result.phase()).isEqualTo("Failed");
        assertThat(result.log()).contains("HTTP 501");
    }
}
