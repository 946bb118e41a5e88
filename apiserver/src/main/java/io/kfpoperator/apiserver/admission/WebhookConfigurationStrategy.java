package io.kfpoperator.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.objects.Strategy;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks kube-apiserver makes of a ValidatingWebhookConfiguration on write, for the fields a
 * call depends on, so a broken one is refused naming the field instead of failing every request
 * later: a unique name per webhook, exactly one of url or service, an https url, sideEffects and
 * admissionReviewVersions given, failurePolicy and scope from their enums, timeoutSeconds 1 to 30.
 */
public final class WebhookConfigurationStrategy implements Strategy {

    private static final Set<String> SIDE_EFFECTS = Set.of("None", "NoneOnDryRun");
    private final ResourceType type;

    public WebhookConfigurationStrategy(ResourceType type) {
        this.type = type;
    }

    @Override
    public void prepare(ObjectNode object, ObjectNode old) throws ApiException {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode webhooks = object.path("webhooks");
        for (int i = 0; i < webhooks.size(); i++) {
            JsonNode webhook = webhooks.get(i);
            String at = "webhooks[" + i + "]";
            String name = webhook.path("name").asText("");
            if (name.isEmpty()) {
                errors.add(FieldError.required(at + ".name", ""));
            } else if (!names.add(name)) {
                errors.add(new FieldError(FieldError.Type.DUPLICATE, at + ".name", webhook.path("name"), ""));
            } else if (!name.contains(".")) {
                errors.add(FieldError.invalid(at + ".name", webhook.path("name"), "should be a domain with at least three segments separated by dots"));
            }
            JsonNode clientConfig = webhook.path("clientConfig");
            boolean url = !clientConfig.path("url").asText("").isEmpty();
            boolean service = clientConfig.path("service").isObject();
            if (url == service) {
                errors.add(FieldError.required(at + ".clientConfig", "exactly one of url or service is required"));
            } else if (url) {
                try {
                    URI uri = URI.create(clientConfig.path("url").asText());
                    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        errors.add(FieldError.invalid(at + ".clientConfig.url", clientConfig.path("url"), "'https' is the only allowed URL scheme"));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(FieldError.invalid(at + ".clientConfig.url", clientConfig.path("url"), e.getMessage()));
                }
            } else {
                JsonNode s = clientConfig.path("service");
                if (s.path("name").asText("").isEmpty()) {
                    errors.add(FieldError.required(at + ".clientConfig.service.name", "service name is required"));
                }
                if (s.path("namespace").asText("").isEmpty()) {
                    errors.add(FieldError.required(at + ".clientConfig.service.namespace", "service namespace is required"));
                }
            }
            if (!SIDE_EFFECTS.contains(webhook.path("sideEffects").asText(""))) {
                errors.add(webhook.has("sideEffects")
                        ? new FieldError(FieldError.Type.NOT_SUPPORTED, at + ".sideEffects", webhook.path("sideEffects"), "supported values: \"None\", \"NoneOnDryRun\"")
                        : FieldError.required(at + ".sideEffects", "must specify one of None, NoneOnDryRun"));
            }
            if (!webhook.path("admissionReviewVersions").isArray() || webhook.path("admissionReviewVersions").isEmpty()) {
                errors.add(FieldError.required(at + ".admissionReviewVersions", "must specify one of v1, v1beta1"));
            }
            if (webhook.has("failurePolicy") && !Set.of("Fail", "Ignore").contains(webhook.path("failurePolicy").asText())) {
                errors.add(new FieldError(FieldError.Type.NOT_SUPPORTED, at + ".failurePolicy", webhook.path("failurePolicy"),
                        "supported values: \"Fail\", \"Ignore\""));
            }
            if (webhook.has("timeoutSeconds") && (webhook.path("timeoutSeconds").asInt(0) < 1 || webhook.path("timeoutSeconds").asInt(0) > 30)) {
                errors.add(FieldError.invalid(at + ".timeoutSeconds", webhook.path("timeoutSeconds"),
                        "the timeout value must be between 1 and 30 seconds"));
            }
            JsonNode rules = webhook.path("rules");
            for (int j = 0; j < rules.size(); j++) {
                JsonNode scope = rules.get(j).get("scope");
                if (scope != null && !Set.of("*", "Cluster", "Namespaced").contains(scope.asText())) {
                    errors.add(new FieldError(FieldError.Type.NOT_SUPPORTED, at + ".rules[" + j + "].scope", scope,
                            "supported values: \"*\", \"Cluster\", \"Namespaced\""));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(type, object.path("metadata").path("name").asText(""), errors);
        }
    }
}
