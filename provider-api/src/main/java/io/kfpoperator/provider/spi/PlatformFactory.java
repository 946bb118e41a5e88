package io.kfpoperator.provider.spi;

/**
 * Creates platforms of one type. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.kfpoperator.provider.spi.PlatformFactory), so a jar on the class path can
 * add a platform.
 */
public interface PlatformFactory {

    /** The type name used in configuration, e.g. {@code kfp}, {@code vai}, {@code simulated}. */
    String type();

    PipelinePlatform create(PlatformConfig config);
}
