package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.kfpoperator.provider.kfp.fake.FakeMetadataStore;
import io.kfpoperator.provider.kfp.fake.MlmdRuns;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.events.OperatorEndpoint;
import io.kfpoperator.providerservice.http.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the operator's side: the provider service's completion loop in front of KfpPlatform, with
 * ML Metadata down and then back. No event is lost or sent without its artifact location while
 * ML Metadata cannot be asked; once it answers, the event arrives with the location.
 */
class KfpMetadataDeliveryTest extends FakeKfpTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final FakeMetadataStore mlmd = new FakeMetadataStore();
    private OperatorEndpoint operator;
    private ProviderService service;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        if (operator != null) {
            operator.close();
        }
        mlmd.close();
    }

    @Test
    void anEventWaitsForMlMetadataAndThenArrivesWithItsArtifactLocation() {
        createPipeline("ns/pipeline", "v1");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        MlmdRuns.Recorded recorded = MlmdRuns.kfpSdkTwoStepRun(mlmd, runId, PIPELINE_ROOT);
        kfp.finishRun(runId, "SUCCEEDED", Instant.now().minusSeconds(5), Map.of());
        mlmd.failWith(Status.UNAVAILABLE.withDescription("metadata-grpc-service restarting"));
        operator = OperatorEndpoint.up();
        KfpPlatform kfpWithMlmd = platform(Map.of(KfpSettings.GRPC_METADATA_STORE_ADDRESS, mlmd.listenOnLocalPort()));
        service = ProviderService.start(config(), kfpWithMlmd);

        // Several polls asked ML Metadata and were refused; nothing went to the operator meanwhile.
        await().atMost(WAIT).until(() -> mlmd.calls().size() >= 3);
        assertThat(operator.received()).isEmpty();

        mlmd.heal();
        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().contains(runId));
        List<OperatorEndpoint.Received> received = operator.received();
        assertThat(received).hasSize(1);
        JsonNode artifact = received.get(0).body().path("pipelineComponents").path(0).path("componentArtifacts").path(0);
        assertThat(artifact.path("name").asText()).isEqualTo("output_gcs_path");
        assertThat(artifact.path("artifacts").path(0).path("uri").asText())
                .isEqualTo(recorded.uris().get("output_gcs_path"));
    }

    private ProviderServiceConfig config() {
        return new ProviderServiceConfig("kfp", PROVIDER, PIPELINE_ROOT,
                new ServerSettings("127.0.0.1", 0, 1024 * 1024, 4),
                new ProviderServiceConfig.Events(operator.uri(), "s3cret", null, Duration.ofMillis(20),
                        new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), Duration.ofSeconds(5)),
                new ProviderServiceConfig.WatermarkLocation(dir.resolve("watermark.json"), null, null),
                Map.of());
    }
}
