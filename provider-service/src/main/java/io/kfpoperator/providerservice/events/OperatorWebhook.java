package io.kfpoperator.providerservice.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.providerservice.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** POSTs RunCompletionEventData JSON to the operator's run-completion endpoint. */
public final class OperatorWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorWebhook.class);

    private final URI endpoint;
    private final Supplier<Optional<String>> token;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** {@code token} is asked before every request, so a rotated Secret file is picked up without a restart. */
    public OperatorWebhook(URI endpoint, Supplier<Optional<String>> token, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
    }

    /** A token read from a file (a mounted Secret) at each send; a missing file means no token. */
    public static Supplier<Optional<String>> tokenFromFile(Path file) {
        return () -> {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()).filter(t -> !t.isEmpty());
            } catch (IOException e) {
                LOG.warn("cannot read the operator token file {}: {}", file, e.getMessage());
                return Optional.empty();
            }
        };
    }

    public URI endpoint() {
        return endpoint;
    }

    public Attempt send(RunCompletionEventData event) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run completion events are always serialisable", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        token.get().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(EventDelivery.DELIVERED, "HTTP " + status);
            }
            String reason = "HTTP " + status + summary(response.body());
            return new Attempt(status == 410 ? EventDelivery.GONE : EventDelivery.RETRY, reason);
        } catch (IOException e) {
            return new Attempt(EventDelivery.RETRY, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(EventDelivery.RETRY, "interrupted");
        }
    }

    private static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine);
    }

    /** The outcome of one POST and a reason for the log. */
    public record Attempt(EventDelivery outcome, String reason) {
    }
}
