package io.kfpoperator.providerservice;

/** The provider service cannot start with this configuration; the message names the key, variable or flag. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
