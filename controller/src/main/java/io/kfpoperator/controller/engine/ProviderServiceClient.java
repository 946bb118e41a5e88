package io.kfpoperator.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.provider.contract.ResourceType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls one provider service over the provider REST contract and classifies the answer:
 * 2xx succeeded, 4xx/422/501 rejected (permanent), 429/5xx/timeouts/connection errors
 * unavailable (transient). A DELETE answered 404 succeeded: the object is already gone.
 */
public final class ProviderServiceClient {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpClient http;
    private final Duration timeout;

    public ProviderServiceClient(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public OperationOutcome create(URI base, ResourceType type, Object body) {
        return send(HttpRequest.newBuilder(resolve(base, type, null)).POST(jsonBody(body)), false);
    }

    public OperationOutcome update(URI base, ResourceType type, String id, Object body) {
        return send(HttpRequest.newBuilder(resolve(base, type, id)).PUT(jsonBody(body)), false);
    }

    public OperationOutcome delete(URI base, ResourceType type, String id) {
        return send(HttpRequest.newBuilder(resolve(base, type, id)).DELETE(), true);
    }

    private OperationOutcome send(HttpRequest.Builder request, boolean delete) {
        HttpRequest built = request.timeout(timeout).header("Content-Type", "application/json").header("Accept", "application/json").build();
        String target = built.method() + " " + built.uri();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new OperationOutcome.Unavailable("provider service did not answer " + target + " within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            return new OperationOutcome.Unavailable("provider service unreachable for " + target + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OperationOutcome.Unavailable("interrupted while calling " + target);
        }
        return outcome(response.statusCode(), response.body(), delete, target);
    }

    /** A provider service's answer ({@code status}, JSON {@code body}) classified; shared by both engines. */
    public static OperationOutcome outcome(int status, String body, boolean delete, String target) {
        JsonNode output = parse(body);
        String providerError = output.path("providerError").asText("");
        if (status >= 200 && status < 300) {
            return new OperationOutcome.Succeeded(output.path("id").asText(""));
        }
        if (delete && status == 404) {
            return new OperationOutcome.Succeeded("");
        }
        String message = providerError.isEmpty() ? "provider service answered HTTP " + status + " to " + target : providerError;
        if (status == 429 || status >= 500 && status != 501) {
            return new OperationOutcome.Unavailable(message + (providerError.isEmpty() ? "" : " (HTTP " + status + ")"));
        }
        return new OperationOutcome.Rejected(message);
    }

    private static URI resolve(URI base, ResourceType type, String id) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        String path = "resource/" + type.pathSegment() + (id == null ? "" : "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        return URI.create(root + path);
    }

    /** A definition (contract record or tree) as the JSON tree the provider service receives. */
    public static JsonNode toTree(Object definition) {
        return JSON.valueToTree(definition);
    }

    private static HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("definition cannot be written as JSON", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
