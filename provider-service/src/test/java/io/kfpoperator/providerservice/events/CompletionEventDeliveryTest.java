package io.kfpoperator.providerservice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics.EventResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion events from the user's side: runs are created through the provider service's HTTP
 * contract, finish on the simulated platform's clock, and arrive (or not) at a real HTTP endpoint
 * standing in for the operator.
 */
class CompletionEventDeliveryTest {

    private static final String PROVIDER = "kfp-operator-system/simulated";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final SimulatedPlatform platform = new SimulatedPlatform(PROVIDER,
            SimulatedSettings.defaults().withRunDuration(Duration.ofMinutes(5)), clock);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void everyEventIsDeliveredOnceTheOperatorIsUp() throws Exception {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.down());
        ProviderService service = closeLater(ProviderService.start(config(operator.uri()), platform));
        createPipeline(service);
        List<String> runIds = List.of(createRun(service, "ns/run-1"), createRun(service, "ns/run-2"), createRun(service, "ns/run-3"));

        clock.advance(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> service.metrics().eventsSent(EventResult.RecoverableFailure) >= 2);
        operator.start();

        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().size() >= 3);
        assertThat(operator.acknowledgedRunIds()).containsExactlyInAnyOrderElementsOf(runIds);
        assertThat(service.metrics().eventsSent(EventResult.Success)).isEqualTo(3.0);

        OperatorEndpoint.Received first = operator.received().get(0);
        assertThat(first.contentType()).isEqualTo("application/json");
        assertThat(first.authorization()).isEqualTo("Bearer s3cret");
        JsonNode event = first.body();
        String runId = event.path("runId").asText();
        assertThat(event.path("status").asText()).isEqualTo("succeeded");
        assertThat(event.path("provider").asText()).isEqualTo(PROVIDER);
        assertThat(event.path("pipelineName").asText()).isEqualTo("ns/pipeline");
        assertThat(event.path("runName").asText()).startsWith("ns/run-");
        assertThat(event.path("runConfigurationName").asText()).isEqualTo("ns/rc");
        assertThat(event.path("runStartTime").asText()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(event.path("runEndTime").asText()).isEqualTo("2026-11-25T12:05:00Z");
        JsonNode artifact = event.path("pipelineComponents").path(0).path("componentArtifacts").path(0).path("artifacts").path(0);
        assertThat(artifact.path("uri").asText()).contains(runId);
    }

    @Test
    void restartNeitherLosesAnEventNorResendsAnAcknowledgedOne() throws Exception {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        ProviderServiceConfig config = config(operator.uri());
        ProviderService first = ProviderService.start(config, platform);
        createPipeline(first);
        // Three runs finishing in the same instant: the watermark must tell them apart by event id.
        String run1 = createRun(first, "ns/run-1");
        String run2 = createRun(first, "ns/run-2");
        String run3 = createRun(first, "ns/run-3");
        operator.answer(run2, 503);

        clock.advance(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> operator.receivedFor(run2) >= 2);
        first.close();
        assertThat(operator.acknowledgedRunIds()).containsExactly(run1);

        // While the service is down the operator recovers and another run finishes.
        operator.answer(run2, 200);
        String run4 = platform.createRun(new RunDefinition("ns/run-4", "v1", "ns/pipeline", "v1", "ns/rc", "", Map.of(), List.of(), null));
        clock.advance(Duration.ofMinutes(6));

        ProviderService second = closeLater(ProviderService.start(config, platform));
        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().size() >= 4);

        assertThat(operator.acknowledgedRunIds()).containsExactlyInAnyOrder(run1, run2, run3, run4);
        assertThat(operator.receivedFor(run1)).as("acknowledged before the restart, so not re-sent").isEqualTo(1);
        // The counter moves once the answer is read, a moment after the operator acknowledged.
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.metrics().eventsSent(EventResult.Success)).isEqualTo(3.0));
    }

    @Test
    void goneEventIsDroppedAndNotRetried() throws Exception {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        ProviderService service = closeLater(ProviderService.start(config(operator.uri()), platform));
        createPipeline(service);
        String unknownToOperator = createRun(service, "ns/deleted-run");
        clock.advance(Duration.ofMinutes(1));
        String later = createRun(service, "ns/later-run");
        operator.answer(unknownToOperator, 410);

        clock.advance(Duration.ofMinutes(10));
        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().contains(later));

        // Events go oldest first, one at a time: the later one arriving means the gone one is done with.
        assertThat(operator.receivedFor(unknownToOperator)).isEqualTo(1);
        assertThat(service.metrics().eventsSent(EventResult.UnrecoverableFailure)).isEqualTo(1.0);
        assertThat(service.metrics().eventsSent(EventResult.RecoverableFailure)).isZero();
    }

    @Test
    void eventOfAScheduledRunWithoutARunConfigurationIsDiscardedNotSent() throws Exception {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        ProviderService service = closeLater(ProviderService.start(config(operator.uri()), platform));
        createPipeline(service);
        post(service, "/resource/runschedule", """
                {"name": "ns/orphan", "version": "v1", "pipelineName": "ns/pipeline", "pipelineVersion": "v1",
                 "runConfigurationName": "", "experimentName": "", "schedule": {"cronExpression": "*/10 * * * *"}}""");
        clock.advance(Duration.ofMinutes(10));
        platform.tick();
        String named = createRun(service, "ns/named");
        clock.advance(Duration.ofMinutes(10));

        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().contains(named));

        assertThat(operator.received()).hasSize(1);
        assertThat(service.metrics().eventsSent(EventResult.Discarded)).isEqualTo(1.0);
    }

    @Test
    void eventsSentAreExportedAsMetrics() throws Exception {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        ProviderService service = closeLater(ProviderService.start(config(operator.uri()), platform));
        createPipeline(service);
        createRun(service, "ns/run-1");
        clock.advance(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().size() == 1);

        String metrics = http.send(HttpRequest.newBuilder(service.localUri().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics).contains("kfp_provider_events_sent_total{result=\"Success\"} 1.0");
        assertThat(metrics).contains("kfp_provider_events_sent_total{result=\"Discarded\"} 0.0");
        assertThat(metrics).contains("kfp_provider_platform_request_duration_seconds_bucket{operation=\"create_run\",outcome=\"success\",platform=\"simulated\"");
    }

    @Test
    void watermarkFileRecordsTheLastDeliveredInstant() throws Exception {
        OperatorEndpoint operator = closeLater(OperatorEndpoint.up());
        ProviderServiceConfig config = config(operator.uri());
        ProviderService service = closeLater(ProviderService.start(config, platform));
        createPipeline(service);
        String runId = createRun(service, "ns/run-1");
        clock.advance(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> operator.acknowledgedRunIds().size() == 1);

        await().atMost(WAIT).untilAsserted(() -> {
            Watermark stored = new FileWatermarkStore(config.watermark().file()).load().orElseThrow();
            assertThat(stored.finishedAt()).isEqualTo(Instant.parse("2026-11-25T12:05:00Z"));
            assertThat(stored.eventIds()).containsExactly(PROVIDER + "/" + runId + "/succeeded");
        });
        assertThat(Files.readString(config.watermark().file())).contains("2026-11-25T12:05:00Z");
    }

    private ProviderServiceConfig config(URI webhook) {
        return new ProviderServiceConfig("simulated", PROVIDER, null,
                new ServerSettings("127.0.0.1", 0, 1024 * 1024, 4),
                new ProviderServiceConfig.Events(webhook, "s3cret", null, Duration.ofMillis(20),
                        new Backoff(Duration.ofMillis(10), Duration.ofMillis(100)), Duration.ofSeconds(5)),
                new ProviderServiceConfig.WatermarkLocation(dir.resolve("watermark.json"), null, null),
                Map.of());
    }

    private void createPipeline(ProviderService service) throws Exception {
        post(service, "/resource/pipeline", """
                {"pipelineDefinition": {"name": "ns/pipeline", "version": "v1", "image": "img:v1",
                  "framework": {"name": "tfx", "parameters": {}}},
                 "compiledPipeline": {}}""");
    }

    private String createRun(ProviderService service, String name) throws Exception {
        return post(service, "/resource/run", """
                {"name": "%s", "version": "v1", "pipelineName": "ns/pipeline", "pipelineVersion": "v1",
                 "runConfigurationName": "ns/rc", "experimentName": ""}""".formatted(name));
    }

    private String post(ProviderService service, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.localUri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }
}
