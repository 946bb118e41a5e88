package io.kfpoperator.provider.kfp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KfpErrorMappingTest extends FakeKfpTestBase {

    // 409 on a create that finds nothing to adopt is retried: the next create looks the name up first.
    @ParameterizedTest(name = "HTTP {0} (grpc {1}) -> {2}")
    @CsvSource({
        "400, 3, 422",
        "409, 6, 500",
        "403, 7, 422",
        "412, 9, 422",
        "401, 16, 500",
        "408, 4, 500",
        "429, 8, 500",
        "500, 13, 500",
        "503, 14, 500",
        "404, 5, 404",
    })
    void kfpStatusIsMappedToTheContractStatusKeepingKfpsMessage(int http, int grpc, int contractStatus) {
        kfp.failNext("POST", "/apis/v2beta1/experiments", 1, http, grpc, "kfp says no: " + http);

        assertThatThrownBy(() -> platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "")))
                .isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(contractStatus))
                .hasMessageContaining("kfp says no: " + http);
    }

    @Test
    void rejectedAndUnavailableAreTheContractTypes() {
        kfp.failNext("POST", "/apis/v2beta1/experiments", 1, 400, 3, "bad");
        assertThatThrownBy(() -> platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "")))
                .isInstanceOf(PlatformRejectedException.class);
        kfp.failNext("POST", "/apis/v2beta1/experiments", 1, 500, 13, "broken");
        assertThatThrownBy(() -> platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "")))
                .isInstanceOf(PlatformUnavailableException.class);
        kfp.failNext("GET", "/apis/v2beta1/experiments/.*", 1, 404, 5, "gone");
        assertThatThrownBy(() -> platform.updateExperiment("x", new ExperimentDefinition("ns/exp", "v1", "")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void timeoutIsUnavailable() {
        WireMockServer slow = new WireMockServer(options().dynamicPort());
        slow.start();
        try {
            slow.stubFor(any(anyUrl()).willReturn(aResponse().withFixedDelay(2_000).withStatus(200)
                    .withBody("{}")));
            KfpPlatform impatient = platformAt(slow.baseUrl(), Map.of(KfpSettings.REQUEST_TIMEOUT, "200ms"));

            assertThatThrownBy(() -> impatient.createExperiment(new ExperimentDefinition("ns/exp", "v1", "")))
                    .isInstanceOf(PlatformUnavailableException.class)
                    .hasMessageContaining("find experiment");
        } finally {
            slow.stop();
        }
    }

    @Test
    void nonJsonErrorBodyFromAProxyIsReportedAsIs() {
        WireMockServer proxy = new WireMockServer(options().dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));

            assertThatThrownBy(() -> platformAt(proxy.baseUrl(), Map.of())
                    .createExperiment(new ExperimentDefinition("ns/exp", "v1", "")))
                    .isInstanceOf(PlatformUnavailableException.class)
                    .hasMessageContaining("HTTP 502")
                    .hasMessageContaining("Bad Gateway");
        } finally {
            proxy.stop();
        }
    }

    @Test
    void unreachableKfpIsUnavailableAndNotReady() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KfpPlatform unreachable = platformAt("http://127.0.0.1:" + closedPort, Map.of());

        assertThat(unreachable.isReady()).isFalse();
        assertThatThrownBy(() -> unreachable.deleteExperiment("x")).isInstanceOf(PlatformUnavailableException.class);
        assertThat(platform.isReady()).isTrue();
    }

    private static KfpPlatform platformAt(String url, Map<String, String> extra) {
        Map<String, String> parameters = new java.util.HashMap<>(extra);
        parameters.put(KfpSettings.REST_KFP_API_URL, url);
        return new KfpPlatform(KfpSettings.from(new PlatformConfig(PROVIDER, PIPELINE_ROOT, parameters)));
    }
}
