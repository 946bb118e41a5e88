package io.kfpoperator.controller.config;

/** The configuration cannot be used; the message names the key and what is wrong with it. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
