package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformFactory;

/** Platform type {@code kfp}: Kubeflow Pipelines through its v2beta1 REST API. */
public final class KfpPlatformFactory implements PlatformFactory {

    public static final String TYPE = "kfp";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PipelinePlatform create(PlatformConfig config) {
        return new KfpPlatform(KfpSettings.from(config));
    }
}
