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

    /**
     * The parameter's value. Falls back to a case-insensitive match because Kubernetes hands
     * parameters over as {@code PARAMETERS_<KEY UPPER-CASED>} environment variables,
     * which upstream's provider services read case-insensitively.
     */
    public Optional<String> parameter(String key) {
        String value = parameters.get(key);
        if (value == null) {
            value = parameters.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(key))
                    .map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /** A parameter the platform cannot start without; missing is a start-up error naming it. */
    public String requiredParameter(String key) {
        return parameter(key).orElseThrow(() -> new PlatformConfigurationException(
                "provider parameter '" + key + "' is required by this platform but not set"));
    }
}
