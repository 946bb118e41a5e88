package io.kfpoperator.providerservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starting from configuration, as the CLI does: the platform comes from the class path's factories. */
class ProviderServiceStartTest {

    @Test
    void startsTheConfiguredPlatformWithItsParameters() throws Exception {
        // Upper-cased as the operator sets it on the provider Deployment (PARAMETERS_<KEY UPPER>).
        ProviderServiceConfig config = ConfigLoader.load(null, Map.of("PARAMETERS_RUNOUTCOME", "failed"),
                Map.of(ConfigLoader.PLATFORM, "simulated", ConfigLoader.SERVER_PORT, "0", ConfigLoader.SERVER_HOST, "127.0.0.1"));

        try (ProviderService service = ProviderService.start(config)) {
            assertThat(service.platform()).isInstanceOf(SimulatedPlatform.class);
            assertThat(((SimulatedPlatform) service.platform()).settings().runOutcome().wireName()).isEqualTo("failed");
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(service.localUri().resolve("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknownPlatformListsTheKnownTypes() {
        ProviderServiceConfig config = ConfigLoader.load(null, Map.of(), Map.of(ConfigLoader.PLATFORM, "sagemaker"));

        assertThatThrownBy(() -> ProviderService.start(config))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("unknown platform type 'sagemaker'")
                .hasMessageContaining("simulated");
    }

    @Test
    void badPlatformParameterIsAStartUpErrorNamingIt() {
        ProviderServiceConfig config = ConfigLoader.load(null, Map.of("PARAMETERS_errorRate", "lots"),
                Map.of(ConfigLoader.PLATFORM, "simulated"));

        assertThatThrownBy(() -> ProviderService.start(config))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("errorRate");
    }
}
