package io.kfpoperator.controller.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperationsServerTest {

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFollowsTheSupplierAndMetricsAreServedOnTheirOwnPort() throws Exception {
        AtomicBoolean synced = new AtomicBoolean(false);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("kfp_operator_test_total").increment();
        try (OperationsServer server = OperationsServer.start("127.0.0.1", 0, 0, () -> true,
                () -> new OperationsServer.Readiness(synced.get(), synced.get() ? "ready" : "starting: informers not synced yet"), registry)) {
            assertThat(get(server.healthPort(), "/livez").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(server.healthPort(), "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("informers not synced");

            synced.set(true);

            assertThat(get(server.healthPort(), "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(server.metricsPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kfp_operator_test_total 1.0");
            assertThat(server.metricsPort()).isNotEqualTo(server.healthPort());
        }
    }
}
