package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.kfp.fake.FakeMetadataStore;
import io.kfpoperator.provider.kfp.fake.MlmdRuns;
import io.kfpoperator.provider.kfp.fake.MlmdRuns.Recorded;
import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Completion events of a Provider configured with grpcMetadataStoreAddress: runs finish in the
 * fake KFP API (checked against KFP's swagger), their artifacts are recorded in a fake ML Metadata
 * reached over TCP, and the events carry what the Go provider sends: {name, uri, metadata}.
 */
class KfpMetadataCompletionTest extends FakeKfpTestBase {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    private final FakeMetadataStore mlmd = new FakeMetadataStore();
    private final List<KfpPlatform> platforms = new ArrayList<>();

    @BeforeEach
    void pipelineExists() {
        createPipeline("ns/pipeline", "v1");
    }

    @AfterEach
    void closeStores() {
        platforms.forEach(KfpPlatform::close);
        mlmd.close();
    }

    private KfpPlatform withMetadataStore(Map<String, String> more) {
        Map<String, String> parameters = new java.util.HashMap<>(more);
        parameters.put(KfpSettings.GRPC_METADATA_STORE_ADDRESS, mlmd.listenOnLocalPort());
        KfpPlatform platform = platform(parameters);
        platforms.add(platform);
        return platform;
    }

    /** Finishes the run in KFP with the artifact ids its task_details would list. */
    private void finish(String runId, String state, Instant at, Map<String, Map<String, List<String>>> taskOutputs) {
        kfp.finishRun(runId, state, at, taskOutputs);
    }

    @Test
    void aFinishedKfpSdkRunCarriesItsArtifactLocationsAsTheGoProviderSendsThem() throws Exception {
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        Recorded recorded = MlmdRuns.kfpSdkTwoStepRun(mlmd, runId, PIPELINE_ROOT);
        long artifactId = recorded.artifactIds().get("output_gcs_path");
        finish(runId, "SUCCEEDED", t0.plusSeconds(60),
                Map.of("Producer", Map.of("output_gcs_path", List.of(Long.toString(artifactId)))));

        List<FinishedRun> finished = withMetadataStore(Map.of()).finishedRunsSince(t0);

        assertThat(finished).singleElement().satisfies(f -> {
            assertThat(f.event().runId()).isEqualTo(runId);
            assertThat(f.event().runConfigurationName()).isEqualTo("ns/rc");
        });
        JsonNode components = JSON.valueToTree(finished.get(0).event()).path("pipelineComponents");
        assertThat(components).isEqualTo(JSON.readTree("""
                [{"name": "Producer", "componentArtifacts": [{"name": "output_gcs_path", "artifacts": [
                  {"uri": "%s", "metadata": {"mlmdArtifactId": "%d"}}]}]}]
                """.formatted(PIPELINE_ROOT + "/simple-two-step-pipeline/" + runId + "/write-to-gcs/output_gcs_path",
                artifactId)));
    }

    @Test
    void aFinishedTfxRunCarriesEveryComponentsOutputs() {
        String runId = platform.createRun(run("ns/tfx-run", "ns/pipeline", "v1", "ns/rc"));
        Recorded recorded = MlmdRuns.tfxRun(mlmd, runId, PIPELINE_ROOT);
        finish(runId, "SUCCEEDED", t0.plusSeconds(60), Map.of());

        List<PipelineComponent> components = withMetadataStore(Map.of()).finishedRunsSince(t0).get(0).event()
                .pipelineComponents();

        assertThat(components).extracting(PipelineComponent::name)
                .containsExactly("CsvExampleGen", "Trainer", "Evaluator", "Pusher");
        assertThat(components).flatExtracting(PipelineComponent::componentArtifacts)
                .extracting(ComponentArtifact::name, a -> a.artifacts().get(0).uri())
                .containsExactlyElementsOf(recorded.uris().entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
    }

    @Test
    void aFailedRunCarriesWhatItsTasksProducedBeforeFailing() {
        String runId = platform.createRun(run("ns/failed", "ns/pipeline", "v1", "ns/rc"));
        Recorded recorded = MlmdRuns.kfpSdkTwoStepRun(mlmd, runId, PIPELINE_ROOT);
        finish(runId, "FAILED", t0.plusSeconds(5), Map.of());

        assertThat(withMetadataStore(Map.of()).finishedRunsSince(t0)).singleElement()
                .satisfies(f -> assertThat(f.event().pipelineComponents()).flatExtracting(PipelineComponent::componentArtifacts)
                        .flatExtracting(ComponentArtifact::artifacts).extracting(ArtifactInstance::uri)
                        .containsExactly(recorded.uris().get("output_gcs_path")));
    }

    @Test
    void withoutTheSettingEventsAreSentWithoutLocationsAsBefore() {
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        MlmdRuns.kfpSdkTwoStepRun(mlmd, runId, PIPELINE_ROOT);
        finish(runId, "SUCCEEDED", t0.plusSeconds(60), Map.of("Producer", Map.of("output_gcs_path", List.of("7"))));

        assertThat(platform.finishedRunsSince(t0)).singleElement().satisfies(f -> assertThat(
                f.event().pipelineComponents().get(0).componentArtifacts().get(0).artifacts())
                .singleElement().satisfies(a -> {
                    assertThat(a.uri()).isNull();
                    assertThat(a.metadata().get("mlmdArtifactId").asText()).isEqualTo("7");
                }));
        assertThat(mlmd.calls()).isEmpty();
    }

    @Test
    void aRunMlMetadataNeverHeardOfIsSentWithWhatTheKfpApiLists() {
        String runId = platform.createRun(run("ns/early-failure", "ns/pipeline", "v1", "ns/rc"));
        finish(runId, "FAILED", t0.plusSeconds(5), Map.of());

        assertThat(withMetadataStore(Map.of()).finishedRunsSince(t0)).singleElement()
                .satisfies(f -> assertThat(f.event().pipelineComponents()).isEmpty());
        assertThat(mlmd.calls()).containsExactly("GetContextByTypeAndName");
    }

    @Test
    void whileMlMetadataFailsForARunThatRunAndAllLaterOnesAreHeldBackAndSentOnceItAnswers() {
        String early = platform.createRun(run("ns/early", "ns/pipeline", "v1", "ns/rc"));
        String broken = platform.createRun(run("ns/broken", "ns/pipeline", "v1", "ns/rc"));
        String late = platform.createRun(run("ns/late", "ns/pipeline", "v1", "ns/rc"));
        for (String runId : List.of(early, broken, late)) {
            MlmdRuns.kfpSdkTwoStepRun(mlmd, runId, PIPELINE_ROOT);
        }
        finish(early, "SUCCEEDED", t0.plusSeconds(10), Map.of());
        finish(broken, "SUCCEEDED", t0.plusSeconds(20), Map.of());
        finish(late, "SUCCEEDED", t0.plusSeconds(30), Map.of());
        KfpPlatform withMlmd = withMetadataStore(Map.of());
        mlmd.failFor(broken, Status.UNAVAILABLE.withDescription("connection reset"));

        assertThat(withMlmd.finishedRunsSince(t0)).extracting(f -> f.event().runId()).containsExactly(early);

        mlmd.heal();
        List<FinishedRun> finished = withMlmd.finishedRunsSince(t0.plusSeconds(11));
        assertThat(finished).extracting(f -> f.event().runId()).containsExactly(broken, late);
        assertThat(finished).allSatisfy(f -> assertThat(f.event().pipelineComponents()).singleElement()
                .satisfies(c -> assertThat(c.componentArtifacts().get(0).artifacts().get(0).uri())
                        .startsWith(PIPELINE_ROOT + "/simple-two-step-pipeline/" + f.event().runId())));
    }

    @Test
    @Timeout(30)
    void aHangingMlMetadataHoldsEventsBackAtTheRequestTimeoutInsteadOfBlockingThePoll() {
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        MlmdRuns.kfpSdkTwoStepRun(mlmd, runId, PIPELINE_ROOT);
        finish(runId, "SUCCEEDED", t0.plusSeconds(60), Map.of());
        KfpPlatform withMlmd = withMetadataStore(Map.of(KfpSettings.REQUEST_TIMEOUT, "300ms"));
        mlmd.hang();

        assertThat(withMlmd.finishedRunsSince(t0)).isEmpty();

        mlmd.heal();
        assertThat(withMlmd.finishedRunsSince(t0)).extracting(f -> f.event().runId()).containsExactly(runId);
    }

    @Test
    void anUnreachableMlMetadataHoldsEventsBack() throws Exception {
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        finish(runId, "SUCCEEDED", t0.plusSeconds(60), Map.of());
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KfpPlatform unreachable = platform(Map.of(KfpSettings.GRPC_METADATA_STORE_ADDRESS, "localhost:" + port));
        platforms.add(unreachable);

        assertThat(unreachable.finishedRunsSince(t0)).isEmpty();
    }
}
