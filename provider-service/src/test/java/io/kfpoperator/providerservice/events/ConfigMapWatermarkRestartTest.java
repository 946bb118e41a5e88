package io.kfpoperator.providerservice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import io.kfpoperator.providerservice.http.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** In Kubernetes the watermark lives in a ConfigMap, so a provider pod on another node resumes where the last stopped. */
class ConfigMapWatermarkRestartTest {

    private TestCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void startApiServer() {
        cluster = TestCluster.empty(ApiServer.Options.defaults());
        cluster.server.createNamespace("kfp-operator-system");
        client = cluster.client;
    }

    @AfterEach
    void stopApiServer() {
        cluster.close();
    }

    @Test
    void aRestartedServiceResumesFromTheConfigMap() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
        SimulatedPlatform platform = new SimulatedPlatform("kfp-operator-system/simulated",
                SimulatedSettings.defaults().withRunDuration(Duration.ofMinutes(1)), clock);
        platform.createPipeline(new PipelineDefinition("ns/p", "v1", null, null, null), null);
        ProviderServiceConfig config;
        try (OperatorEndpoint operator = OperatorEndpoint.up()) {
            config = new ProviderServiceConfig("simulated", "kfp-operator-system/simulated", null,
                    new ServerSettings("127.0.0.1", 0, 1024 * 1024, 2),
                    new ProviderServiceConfig.Events(operator.uri(), null, null, Duration.ofMillis(20),
                            new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofSeconds(5)),
                    new ProviderServiceConfig.WatermarkLocation(Path.of("unused"), "provider-watermark", "kfp-operator-system"),
                    Map.of());
            String first = platform.createRun(run("ns/first"));
            clock.advance(Duration.ofMinutes(2));
            try (ProviderService service = ProviderService.start(config, platform, client)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> operator.acknowledgedRunIds().contains(first));
            }

            String second = platform.createRun(run("ns/second"));
            clock.advance(Duration.ofMinutes(2));
            try (ProviderService service = ProviderService.start(config, platform, client)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> operator.acknowledgedRunIds().contains(second));
            }

            assertThat(operator.acknowledgedRunIds()).containsExactly(first, second);
        }
        ConfigMap stored = client.configMaps().inNamespace("kfp-operator-system").withName("provider-watermark").get();
        assertThat(stored.getData().get("watermark")).contains("2026-11-25T12:03:00Z");
    }

    private static RunDefinition run(String name) {
        return new RunDefinition(name, "v1", "ns/p", "v1", "ns/rc", "", Map.of(), List.of(), null);
    }
}
