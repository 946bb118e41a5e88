package io.kfpoperator.providerservice;

import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.http.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the provider service is started with, loaded once by {@link ConfigLoader} (YAML file,
 * then environment, then flags) and validated before anything starts.
 *
 * @param platform            platform type ({@code simulated}, {@code kfp}, …)
 * @param providerName        the Provider resource, "namespace/name"; the {@code provider} of every event
 * @param pipelineRootStorage where pipelines write their outputs (platform specific; may be null)
 * @param server              HTTP server of the contract, health and metrics
 * @param events              delivery of run completion events to the operator
 * @param watermark           where the delivery watermark is kept
 * @param parameters          the Provider's parameters, handed to the platform as they are
 */
public record ProviderServiceConfig(
        String platform,
        String providerName,
        String pipelineRootStorage,
        ServerSettings server,
        Events events,
        WatermarkLocation watermark,
        Map<String, String> parameters) {

    public ProviderServiceConfig {
        parameters = Map.copyOf(parameters);
    }

    public PlatformConfig platformConfig() {
        return new PlatformConfig(providerName, pipelineRootStorage, parameters);
    }

    /**
     * @param operatorWebhook   the operator's run-completion endpoint; null turns event delivery off
     * @param operatorToken     bearer token sent with every event (null: none, or see the file)
     * @param operatorTokenFile file holding the token, read at every send so rotation needs no restart
     * @param pollInterval      how often the platform is asked for finished runs
     * @param backoff           retry delays while the operator does not acknowledge an event
     * @param requestTimeout    timeout of one POST to the operator
     */
    public record Events(URI operatorWebhook, String operatorToken, Path operatorTokenFile, Duration pollInterval,
            Backoff backoff, Duration requestTimeout) {
    }

    /**
     * @param file      the watermark file, used when no ConfigMap is configured
     * @param configMap name of the ConfigMap holding the watermark (null: use the file)
     * @param namespace namespace of that ConfigMap (null: the namespace the service runs in)
     */
    public record WatermarkLocation(Path file, String configMap, String namespace) {
    }
}
