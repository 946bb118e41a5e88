package io.kfpoperator.controller.provider;

/**
 * The operator's {@code defaultProviderValues} cannot produce a provider service Deployment (e.g.
 * the pod template lacks the service container). A configuration error: retrying will not help
 * until the operator is reconfigured, so the Provider is marked Failed with this message.
 */
public class InvalidProviderTemplateException extends RuntimeException {

    public InvalidProviderTemplateException(String message) {
        super(message);
    }
}
