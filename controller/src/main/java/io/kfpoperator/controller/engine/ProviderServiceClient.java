package io.kfpoperator.controller.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.v1beta1.ServiceContract;
import io.kfpoperator.controller.leader.LeaderFence;
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
 * unavailable (transient). A DELETE answered 404 succeeded: the object is already gone. A service
 * of the Go operator's contract answers 500 for refusals too: {@link GoProviderAnswers} reads those.
 */
public final class ProviderServiceClient {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpClient http;
    private final Duration timeout;
    private final LeaderFence fence;

    public ProviderServiceClient(Duration timeout) {
        this(timeout, LeaderFence.none());
    }

    /** Every call passes {@code fence} first: a replica whose lease term ran out changes nothing on the platform. */
    public ProviderServiceClient(Duration timeout, LeaderFence fence) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.fence = fence;
    }

    public OperationOutcome create(URI base, ResourceType type, Object body) {
        return create(base, type, body, ServiceContract.KFP_OPERATOR).outcome();
    }

    public OperationOutcome update(URI base, ResourceType type, String id, Object body) {
        return update(base, type, id, body, ServiceContract.KFP_OPERATOR);
    }

    public OperationOutcome delete(URI base, ResourceType type, String id) {
        return delete(base, type, id, ServiceContract.KFP_OPERATOR);
    }

    /** POST /resource/run/{id}/stop: stop the run and keep it. */
    public OperationOutcome stop(URI base, String id) {
        URI run = resolve(base, ResourceType.RUN, id);
        return send(HttpRequest.newBuilder(URI.create(run + "/stop")).POST(HttpRequest.BodyPublishers.noBody()), false,
                ServiceContract.KFP_OPERATOR).outcome();
    }

    /** A create, saying also whether its answer was lost after the request may have arrived. */
    public Sent create(URI base, ResourceType type, Object body, ServiceContract contract) {
        return send(HttpRequest.newBuilder(resolve(base, type, null)).POST(jsonBody(body)), false, contract);
    }

    public OperationOutcome update(URI base, ResourceType type, String id, Object body, ServiceContract contract) {
        return send(HttpRequest.newBuilder(resolve(base, type, id)).PUT(jsonBody(body)), false, contract).outcome();
    }

    public OperationOutcome delete(URI base, ResourceType type, String id, ServiceContract contract) {
        return send(HttpRequest.newBuilder(resolve(base, type, id)).DELETE(), true, contract).outcome();
    }

    /**
     * The outcome of one call; {@code answerLost} when no answer came although the request may have
     * reached the service (a timeout or a connection closed after sending, not a refused connection):
     * the service may have done what was asked.
     */
    public record Sent(OperationOutcome outcome, boolean answerLost) {
    }

    private Sent send(HttpRequest.Builder request, boolean delete, ServiceContract contract) {
        HttpRequest built = request.timeout(timeout).header("Content-Type", "application/json").header("Accept", "application/json").build();
        String target = built.method() + " " + built.uri();
        fence.check(target);
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpConnectTimeoutException | java.net.ConnectException e) {
            return new Sent(new OperationOutcome.Unavailable("provider service unreachable for " + target + ": " + describe(e)), false);
        } catch (HttpTimeoutException e) {
            return new Sent(new OperationOutcome.Unavailable("provider service did not answer " + target + " within "
                    + describeTimeout() ), true);
        } catch (IOException e) {
            return new Sent(new OperationOutcome.Unavailable("provider service unreachable for " + target + ": " + describe(e)), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(new OperationOutcome.Unavailable("interrupted while calling " + target), true);
        }
        return new Sent(outcome(response.statusCode(), response.body(), delete, target, contract), false);
    }

    private String describeTimeout() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /** A provider service's answer ({@code status}, JSON {@code body}) classified; shared by both engines. */
    public static OperationOutcome outcome(int status, String body, boolean delete, String target) {
        return outcome(status, body, delete, target, ServiceContract.KFP_OPERATOR);
    }

    /** As above, read as a service of {@code contract} means it ({@link GoProviderAnswers} for the Go images). */
    public static OperationOutcome outcome(int status, String body, boolean delete, String target, ServiceContract contract) {
        JsonNode output = parse(body);
        String providerError = output.path("providerError").asText("");
        if (status >= 200 && status < 300) {
            return new OperationOutcome.Succeeded(output.path("id").asText(""));
        }
        if (delete && status == 404) {
            return new OperationOutcome.Succeeded("");
        }
        String message = providerError.isEmpty() ? "provider service answered HTTP " + status + " to " + target : providerError;
        if (contract == ServiceContract.GO && status == 500) {
            if (delete && GoProviderAnswers.notFound(providerError)) {
                return new OperationOutcome.Succeeded("");
            }
            return GoProviderAnswers.transientFailure(providerError)
                    ? new OperationOutcome.Unavailable(message + (providerError.isEmpty() ? "" : " (HTTP 500)"))
                    : new OperationOutcome.Rejected(message);
        }
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
