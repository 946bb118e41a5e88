package io.kfpoperator.provider.spi;

import java.util.Map;
import java.util.Optional;

/**
 * What a platform is configured with: the Provider's name ("namespace/name"), its pipeline root
 * storage and its parameters (upstream's PARAMETERS_* environment, keys as written in the
 * Provider, e.g. restKfpApiUrl).
 */
public record PlatformConfig(String providerName, String pipelineRootStorage, Map<String, String> parameters) {

    public PlatformConfig {
        parameters = Map.copyOf(parameters);
    }

    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters.get(key)).filter(v -> !v.isBlank());
    }

    /** A parameter the platform cannot start without; missing is a start-up error naming it. */
    public String requiredParameter(String key) {
        return parameter(key).orElseThrow(() -> new PlatformConfigurationException(
                "provider parameter '" + key + "' is required by this platform but not set"));
    }
}
