package io.kfpoperator.provider.vertex;

import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformFactory;
import java.time.Clock;

/** Platform type {@code vai}: Vertex AI Pipelines with Application Default Credentials. */
public final class VertexPlatformFactory implements PlatformFactory {

    public static final String TYPE = "vai";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PipelinePlatform create(PlatformConfig config) {
        // Settings first: a missing parameter is reported before any attempt to find credentials.
        VertexSettings settings = VertexSettings.from(config);
        return new VertexPlatform(settings, VertexClients.connect(settings), Clock.systemUTC());
    }
}
