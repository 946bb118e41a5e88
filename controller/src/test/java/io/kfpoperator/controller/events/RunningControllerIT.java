package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller started as a whole serves /events on the configured port, and stops it with the operator. */
class RunningControllerIT {

    @Test
    void endpointRunsOnTheConfiguredPortAlongsideTheOperatorAndStopsWithIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OperatorConfig config = ConfigLoader.load(null, Map.of(
                "system.leaderElection.enabled", "false",
                "spec.runCompletionFeed.port", String.valueOf(port),
                "spec.events.sinks", "[{type: log}]"));
        URI events = URI.create("http://127.0.0.1:" + port + "/events");
        HttpRequest request = HttpRequest.newBuilder(events).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\": \"failed\", \"runId\": \"r-1\", \"provider\": \"kfp-operator/simulated\","
                        + " \"runName\": \"default/unknown\"}")).build();
        HttpClient http = HttpClient.newHttpClient();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (ControllerHarness harness = new ControllerHarness()) {
            KfpOperatorController.RunningController controller = KfpOperatorController.start(harness.client, config,
                    ProviderEndpoints.fixed(harness.providerService.localUri()), Clock.systemUTC(), registry);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(410);
                assertThat(registry.find(EventMetrics.RECEIVED).tag("outcome", "gone").counter().count()).isEqualTo(1);
            } finally {
                controller.close();
            }
            assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }
}
