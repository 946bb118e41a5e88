package io.kfpoperator.provider.kfp.metadata;

import static io.kfpoperator.provider.kfp.fake.MlmdRuns.props;
import static io.kfpoperator.provider.kfp.fake.MlmdRuns.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.grpc.Status;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.kfp.fake.FakeMetadataStore;
import io.kfpoperator.provider.kfp.fake.MlmdRuns;
import io.kfpoperator.provider.kfp.fake.MlmdRuns.Recorded;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ML Metadata reader against an in-process MetadataStoreService holding what KFP records. */
class GrpcMetadataStoreTest {

    private static final String ROOT = "gs://bucket/pipeline-root";

    private final FakeMetadataStore mlmd = new FakeMetadataStore();
    private final GrpcMetadataStore store = new GrpcMetadataStore(mlmd.channel(), Duration.ofSeconds(5), "in-process");

    @AfterEach
    void close() {
        store.close();
        mlmd.close();
    }

    @Test
    void aKfpSdkRunGivesTheProducingTaskWithItsOutputLocationAndNotTheConsumersInput() {
        Recorded run = MlmdRuns.kfpSdkTwoStepRun(mlmd, "run-1", ROOT);

        assertThat(store.componentsOfRun("run-1")).contains(List.of(
                component("Producer", artifact("output_gcs_path", run.uris().get("output_gcs_path"),
                        idOnly(run.artifactIds().get("output_gcs_path"))))));
        assertThat(mlmd.calls()).containsExactly("GetContextByTypeAndName", "GetExecutionsByContext",
                "GetEventsByExecutionIDs", "GetArtifactsByID");
    }

    @Test
    void aTfxRunGivesEveryComponentWithItsOutputsInRecordingOrderAndNoCustomPropertiesAsMetadata() {
        Recorded run = MlmdRuns.tfxRun(mlmd, "run-tfx", ROOT);

        List<PipelineComponent> components = store.componentsOfRun("run-tfx").orElseThrow();

        assertThat(components).extracting(PipelineComponent::name)
                .containsExactly("CsvExampleGen", "Trainer", "Evaluator", "Pusher");
        assertThat(components).flatExtracting(PipelineComponent::componentArtifacts)
                .extracting(ComponentArtifact::name)
                .containsExactly("examples", "model", "model_run", "evaluation", "blessing", "pushed_model");
        assertThat(components.get(3)).isEqualTo(component("Pusher", artifact("pushed_model",
                run.uris().get("pushed_model"), idOnly(run.artifactIds().get("pushed_model")))));
        // KFP 2.x keeps TFX's span/pushed/blessed as custom properties; the Go provider reads properties only.
        assertThat(components).flatExtracting(PipelineComponent::componentArtifacts)
                .flatExtracting(ComponentArtifact::artifacts).extracting(a -> a.metadata().keySet())
                .containsOnly(java.util.Set.of(RunArtifactsMapper.MLMD_ARTIFACT_ID));
    }

    @Test
    void aCachedTaskReportsTheArtifactAnEarlierRunProduced() {
        Recorded first = MlmdRuns.kfpSdkTwoStepRun(mlmd, "run-1", ROOT);
        long earlier = first.artifactIds().get("output_gcs_path");
        List<Long> contexts = MlmdRuns.runContexts(mlmd, "simple-two-step-pipeline", "run-2", ROOT + "/p/run-2");
        long cached = MlmdRuns.task(mlmd, contexts, "Producer", "google/cloud-sdk:slim", Execution.State.CACHED);
        // KFP publishes a cached execution with OUTPUT events pointing at the existing artifact.
        mlmd.putEvent(cached, earlier, Event.Type.OUTPUT, "output_gcs_path");

        assertThat(store.componentsOfRun("run-2")).contains(List.of(component("Producer",
                artifact("output_gcs_path", first.uris().get("output_gcs_path"), idOnly(earlier)))));
    }

    @Test
    void aRunMlMetadataHasNoContextForIsEmptyAndStopsAfterOneCall() {
        MlmdRuns.kfpSdkTwoStepRun(mlmd, "run-1", ROOT);

        assertThat(store.componentsOfRun("never-ran")).isEmpty();
        assertThat(mlmd.calls()).containsExactly("GetContextByTypeAndName");
    }

    @Test
    void aRunWhoseTasksProducedNothingHasNoComponents() {
        List<Long> contexts = MlmdRuns.runContexts(mlmd, "p", "run-3", ROOT);
        MlmdRuns.task(mlmd, contexts, "Producer", "image", Execution.State.FAILED);

        assertThat(store.componentsOfRun("run-3")).contains(List.of());
    }

    @Test
    void aContextOfAnotherTypeWithTheRunIdAsNameIsNotTheRun() {
        mlmd.putContext("system.Pipeline", "run-4", props("namespace", s("kubeflow")));

        assertThat(store.componentsOfRun("run-4")).isEmpty();
    }

    @Test
    void anErrorAnswerFailsTheLookupNamingTheStoreTheCallAndTheCode() {
        MlmdRuns.kfpSdkTwoStepRun(mlmd, "run-1", ROOT);
        mlmd.failWith(Status.INTERNAL.withDescription("mysql: deadlock"));

        assertThatThrownBy(() -> store.componentsOfRun("run-1")).isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("in-process").hasMessageContaining("GetContextByTypeAndName")
                .hasMessageContaining("run-1").hasMessageContaining("INTERNAL mysql: deadlock");
    }

    @Test
    void aStoreThatDoesNotAnswerFailsTheLookupAtTheDeadline() {
        MlmdRuns.kfpSdkTwoStepRun(mlmd, "run-1", ROOT);
        mlmd.hang();
        GrpcMetadataStore impatient = new GrpcMetadataStore(mlmd.channel(), Duration.ofMillis(200), "in-process");

        assertThatThrownBy(() -> impatient.componentsOfRun("run-1")).isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("DEADLINE_EXCEEDED");
        mlmd.heal();
        assertThat(impatient.componentsOfRun("run-1")).isPresent();
        impatient.close();
    }

    @Test
    void anUnreachableStoreOverTheNetworkFailsTheLookupAsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try (GrpcMetadataStore unreachable = GrpcMetadataStore.connect("localhost:" + port, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> unreachable.componentsOfRun("run-1")).isInstanceOf(MetadataStoreException.class)
                    .hasMessageContaining("localhost:" + port).hasMessageContaining("UNAVAILABLE");
        }
    }

    @Test
    void anAnswerLargerThanGrpcsDefaultMessageLimitIsRead() {
        MlmdRuns.kfpSdkTwoStepRun(mlmd, "run-big", ROOT);
        List<Long> contexts = List.of(mlmd.contextId("system.PipelineRun", "run-big"));
        // An execution whose recorded inputs make GetExecutionsByContext's answer about 5 MiB.
        mlmd.putExecution(contexts, "system.ContainerExecution", Execution.State.COMPLETE,
                props("display_name", s("fan-in"), "inputs", s("x".repeat(5 * 1024 * 1024))));
        try (GrpcMetadataStore overTcp = GrpcMetadataStore.connect(mlmd.listenOnLocalPort(), Duration.ofSeconds(10))) {
            assertThat(overTcp.componentsOfRun("run-big").orElseThrow()).extracting(PipelineComponent::name)
                    .containsExactly("Producer");
        }
    }

    static PipelineComponent component(String name, ComponentArtifact... artifacts) {
        return new PipelineComponent(name, List.of(artifacts));
    }

    static ComponentArtifact artifact(String name, String uri, Map<String, com.fasterxml.jackson.databind.JsonNode> metadata) {
        return new ComponentArtifact(name, List.of(new ArtifactInstance(uri, metadata)));
    }

    static Map<String, com.fasterxml.jackson.databind.JsonNode> idOnly(long id) {
        return Map.of(RunArtifactsMapper.MLMD_ARTIFACT_ID, TextNode.valueOf(Long.toString(id)));
    }

}
