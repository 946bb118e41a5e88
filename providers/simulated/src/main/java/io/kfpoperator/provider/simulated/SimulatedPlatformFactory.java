package io.kfpoperator.provider.simulated;

import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformFactory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Type {@code simulated}: the in-memory platform, configured from the Provider's parameters. */
public final class SimulatedPlatformFactory implements PlatformFactory {

    public static final String TYPE = "simulated";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PipelinePlatform create(PlatformConfig config) {
        // Looked up through PlatformConfig so PARAMETERS_RUNDURATION finds runDuration.
        Map<String, String> parameters = new HashMap<>();
        for (String key : SimulatedSettings.KEYS) {
            config.parameter(key).ifPresent(value -> parameters.put(key, value));
        }
        return new SimulatedPlatform(config.providerName(), SimulatedSettings.fromParameters(parameters), Clock.systemUTC());
    }
}
