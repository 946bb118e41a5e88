package io.kfpoperator.controller.events;

import static io.kfpoperator.provider.kfp.fake.MlmdRuns.props;
import static io.kfpoperator.provider.kfp.fake.MlmdRuns.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.provider.kfp.KfpPlatform;
import io.kfpoperator.provider.kfp.KfpPlatformFactory;
import io.kfpoperator.provider.kfp.KfpSettings;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.kfp.fake.FakeMetadataStore;
import io.kfpoperator.provider.kfp.fake.MlmdRuns;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.events.CompletionEventLoop;
import io.kfpoperator.providerservice.events.FileWatermarkStore;
import io.kfpoperator.providerservice.events.OperatorWebhook;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on the KFP platform: the controller and a provider service in front of KfpPlatform,
 * which talks to the fake KFP API (checked against KFP's swagger) and reads artifacts from a fake
 * ML Metadata over TCP. RunConfiguration "dependent" takes its parameter from the output artifact
 * of RunConfiguration "base"; when base's KFP run finishes, the provider's completion loop reads the
 * artifact's location from ML Metadata and reports it, and dependent's run starts on KFP with it.
 */
class KfpArtifactDependencyIT extends EventsTestBase {

    private final FakeKfpServer kfp = new FakeKfpServer();
    private final FakeMetadataStore mlmd = new FakeMetadataStore();
    private final KfpPlatform platform = (KfpPlatform) new KfpPlatformFactory().create(new PlatformConfig(PROVIDER_NAME,
            "gs://bucket/pipeline-root", Map.of(KfpSettings.REST_KFP_API_URL, kfp.baseUrl(),
                    KfpSettings.GRPC_METADATA_STORE_ADDRESS, mlmd.listenOnLocalPort())));
    private ProviderMetrics providerMetrics;
    private CompletionEventLoop sender;
    private Path watermark;

    @Override
    protected ControllerHarness createHarness() {
        return new ControllerHarness(platform);
    }

    @BeforeEach
    void startSender() throws IOException {
        watermark = Files.createTempFile("watermark", ".json");
        Files.delete(watermark);
        providerMetrics = new ProviderMetrics("kfp");
        sender = new CompletionEventLoop(platform, new FileWatermarkStore(watermark),
                new OperatorWebhook(endpoint(), Optional::empty, Duration.ofSeconds(15)), providerMetrics,
                Duration.ofMillis(100), new Backoff(Duration.ofMillis(100), Duration.ofMillis(500))).start();
    }

    @AfterEach
    void stopAll() throws IOException {
        sender.close();
        providerMetrics.close();
        Files.deleteIfExists(watermark);
        try {
            assertThat(kfp.api().violations()).as("KFP exchanges against the v2beta1 swagger").isEmpty();
        } finally {
            platform.close();
            mlmd.close();
            kfp.close();
        }
    }

    @Test
    void aDependentRunConfigurationRunsOnKfpWithTheArtifactLocationOfItsDependencysRun() {
        harness.apply(pipeline());
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: base, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters: [{name: message, value: hi}]
                    artifacts: [{name: greeting, path: "echo:output"}]
                  triggers:
                    onChange: [pipeline]
                """);
        harness.apply("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: dependent, namespace: default}
                spec:
                  run:
                    provider: kfp-operator/simulated
                    pipeline: hello
                    parameters:
                      - name: message
                        valueFrom: {runConfigurationRef: {name: base, outputArtifact: greeting}}
                  triggers:
                    runConfigurations: [base]
                """);

        // base's run reaches KFP; KFP runs it: the driver and launcher record it in ML Metadata.
        eventually().until(() -> kfp.api().runs().size() == 1);
        ObjectNode baseRun = kfp.api().runs().get(0);
        String runId = baseRun.path("run_id").asText();
        String uri = "gs://bucket/pipeline-root/hello-world/" + runId + "/echo/output";
        List<Long> contexts = MlmdRuns.runContexts(mlmd, "hello-world", runId, "gs://bucket/pipeline-root/hello-world/" + runId);
        long echo = MlmdRuns.task(mlmd, contexts, "echo", "busybox:1.36", Execution.State.COMPLETE);
        long output = mlmd.putArtifact("system.Artifact", uri, Map.of(),
                props("display_name", s("output"), "store_session_info", s(MlmdRuns.SESSION_INFO)));
        mlmd.putEvent(echo, output, Event.Type.OUTPUT, "output");
        kfp.api().finishRun(runId, "SUCCEEDED", Instant.now(), Map.of("echo", Map.of("output", List.of(Long.toString(output)))));

        RunConfiguration base = awaitResource(RunConfiguration.class, "base", rc -> rc.getStatus() != null
                && rc.getStatus().getLatestRuns() != null && rc.getStatus().getLatestRuns().getSucceeded() != null);
        assertThat(base.getStatus().getLatestRuns().getSucceeded().getArtifacts())
                .singleElement().satisfies(a -> {
                    assertThat(a.getName()).isEqualTo("greeting");
                    assertThat(a.getLocation()).isEqualTo(uri);
                });
        eventually().until(() -> kfp.api().runs().stream()
                .anyMatch(r -> uri.equals(r.path("runtime_config").path("parameters").path("message").asText())));
    }
}
