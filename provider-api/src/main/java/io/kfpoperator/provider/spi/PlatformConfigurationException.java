package io.kfpoperator.provider.spi;

/** A platform cannot start with the configuration given; the message names what is wrong. */
public class PlatformConfigurationException extends RuntimeException {

    public PlatformConfigurationException(String message) {
        super(message);
    }
}
