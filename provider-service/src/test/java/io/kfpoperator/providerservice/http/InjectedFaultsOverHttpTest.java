package io.kfpoperator.providerservice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.simulated.FaultPlan;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedRun;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated platform's fault plan as a caller of the provider service sees it: a lost answer is
 * an error although the run exists, a hang outlasts the caller's timeout and commits later, and a
 * provider service that stops mid-request loses that request.
 */
class InjectedFaultsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = """
            {"name": "ns/r", "version": "v1", "pipelineName": "ns/p", "pipelineVersion": "v1", "runConfigurationName": "ns/rc"}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SimulatedPlatform platform = new SimulatedPlatform("ns/sim", SimulatedSettings.defaults(),
            new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
    private final ProviderMetrics metrics = new ProviderMetrics("simulated");
    private ProviderServer server;

    @BeforeEach
    void start() throws Exception {
        server = ProviderServer.start(platform, metrics, new ServerSettings("127.0.0.1", 0, 1 << 20, 4));
        assertThat(send("POST", "/resource/pipeline", "{\"pipelineDefinition\": {\"name\": \"ns/p\", \"version\": \"v1\"}}", null)
                .statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    @Test
    void aLostAnswerIsA502WhileTheRunExistsOnThePlatform() throws Exception {
        platform.setFaults(FaultPlan.NONE.withLost(1.0));

        HttpResponse<String> response = send("POST", "/resource/run", RUN, null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(response.body()).path("providerError").asText()).contains("after it was carried out");
        assertThat(platform.runs()).extracting(SimulatedRun::name).containsExactly("ns/r");
    }

    @Test
    void failuresBeforeTheCommitAre500And429AndMakeNothing() throws Exception {
        platform.setFaults(FaultPlan.NONE.withUnavailable(1.0));
        assertThat(send("POST", "/resource/run", RUN, null).statusCode()).isEqualTo(500);
        platform.setFaults(FaultPlan.NONE.withThrottled(1.0));
        assertThat(send("POST", "/resource/run", RUN, null).statusCode()).isEqualTo(429);

        assertThat(platform.runs()).isEmpty();
    }

    @Test
    void aHangOutlastsTheCallersTimeoutAndTheRunAppearsAfterwards() {
        platform.setFaults(FaultPlan.NONE.withHang(1.0, Duration.ofSeconds(1)));

        assertThatThrownBy(() -> send("POST", "/resource/run", RUN, Duration.ofMillis(200))).isInstanceOf(HttpTimeoutException.class);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> platform.runs().size() == 1);
    }

    @Test
    void aProviderServiceStoppedMidRequestLosesItAndMakesNothing() {
        platform.setFaults(FaultPlan.NONE.withHang(1.0, Duration.ofMinutes(5)));
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request("POST", "/resource/run", RUN, null),
                HttpResponse.BodyHandlers.ofString());
        Awaitility.await().until(() -> platform.injectedFaults().get("hang") == 1L);

        server.close();

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
        assertThat(platform.runs()).isEmpty();
    }

    private HttpResponse<String> send(String method, String path, String body, Duration timeout) throws Exception {
        return http.send(request(method, path, body, timeout), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (timeout != null) {
            builder.timeout(timeout);
        }
        return builder.build();
    }
}
