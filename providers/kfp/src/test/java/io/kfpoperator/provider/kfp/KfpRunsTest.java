package io.kfpoperator.provider.kfp;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KfpRunsTest extends FakeKfpTestBase {

    @Test
    void createReferencesTheNamedPipelineVersionWithParametersAndPipelineRoot() {
        String pipelineId = createPipeline("ns/pipeline", "v1");
        createPipeline("ns/pipeline", "v2");
        String experimentId = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", ""));

        String runId = platform.createRun(new RunDefinition("ns/run-1", "v1", "ns/pipeline", "v1", "ns/rc", "ns/exp",
                Map.of("text", "hello"), List.of(), null));

        JsonNode run = kfp.run(runId);
        String v1Id = kfp.versionsOf(pipelineId).stream().filter(v -> v.get("name").asText().equals("v1"))
                .findFirst().orElseThrow().get("pipeline_version_id").asText();
        assertThat(run.get("display_name").asText()).isEqualTo("ns-run-1");
        assertThat(run.has("description")).isFalse();
        assertThat(run.get("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(run.at("/pipeline_version_reference/pipeline_id").asText()).isEqualTo(pipelineId);
        assertThat(run.at("/pipeline_version_reference/pipeline_version_id").asText()).isEqualTo(v1Id);
        assertThat(run.at("/runtime_config/parameters/text").asText()).isEqualTo("hello");
        // Outputs under <pipelineRoot>/<pipeline namespace>/<pipeline name>, as the Go provider lays them out.
        assertThat(run.at("/runtime_config/pipeline_root").asText()).isEqualTo(PIPELINE_ROOT + "/ns/pipeline");
    }

    @Test
    void repeatedCreateReturnsTheSameRun() {
        createPipeline("ns/pipeline", "v1");
        String first = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));

        String second = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));

        assertThat(second).isEqualTo(first);
        assertThat(kfp.runs()).hasSize(1);
    }

    @Test
    void runWithoutExperimentGoesToTheDefaultExperimentParameter() {
        String defaultId = platform.createExperiment(new ExperimentDefinition("Default", "", ""));
        KfpPlatform withDefault = platform(Map.of(KfpSettings.DEFAULT_EXPERIMENT, "Default"));
        createPipeline("ns/pipeline", "v1");

        String runId = withDefault.createRun(run("ns/run-1", "ns/pipeline", "v1", ""));

        assertThat(kfp.run(runId).get("experiment_id").asText()).isEqualTo(defaultId);
    }

    @Test
    void unknownPipelineOrVersionIsRejectedWithoutCreatingARun() {
        createPipeline("ns/pipeline", "v1");

        assertThatThrownBy(() -> platform.createRun(run("ns/run-1", "ns/other", "v1", "")))
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("ns/other");
        assertThatThrownBy(() -> platform.createRun(run("ns/run-1", "ns/pipeline", "v9", "")))
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("v9");
        assertThat(kfp.runs()).isEmpty();
    }

    @Test
    void deleteTerminatesARunningRunThenDeletesIt() {
        createPipeline("ns/pipeline", "v1");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", ""));
        kfp.setRunState(runId, "RUNNING");

        platform.deleteRun(runId);

        server.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/apis/v2beta1/runs/" + runId + ":terminate")));
        assertThat(kfp.runs()).isEmpty();
    }

    @Test
    void deleteOfAFinishedRunDoesNotTerminate() {
        createPipeline("ns/pipeline", "v1");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", ""));
        kfp.finishRun(runId, "SUCCEEDED", Instant.now(), Map.of());

        platform.deleteRun(runId);

        server.wireMock().verify(0, postRequestedFor(urlPathMatching(".*:terminate")));
        assertThat(kfp.runs()).isEmpty();
    }

    @Test
    void deleteOfAMissingRunSucceedsAndStopsNothing() {
        createPipeline("ns/pipeline", "v1");
        String running = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", ""));
        server.wireMock().resetRequests();

        platform.deleteRun("gone");

        assertThat(kfp.runs()).extracting(r -> r.get("run_id").asText()).containsExactly(running);
        assertThat(kfp.run(running).get("state").asText()).isEqualTo("PENDING");
        server.wireMock().verify(0, postRequestedFor(urlPathMatching(".*:terminate")));
        server.wireMock().verify(0, deleteRequestedFor(urlPathMatching(".*")));
    }
}
