package io.kfpoperator.provider.kfp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KFP v2beta1 REST API over java.net.http: JSON in and out, multipart uploads, bearer auth,
 * and every failure turned into a contract exception by {@link KfpErrors}.
 */
final class KfpApiClient {

    static final String API = "/apis/v2beta1";

    private static final Logger LOG = LoggerFactory.getLogger(KfpApiClient.class);

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Optional<BearerTokenSource> token;
    private final ObjectMapper mapper;

    KfpApiClient(KfpSettings settings, ObjectMapper mapper) {
        this.baseUrl = settings.apiUrl();
        this.timeout = settings.requestTimeout();
        this.token = settings.authTokenFile().map(BearerTokenSource::new);
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Query parameters in a stable order, so requests are reproducible in logs and tests. */
    static Map<String, String> query(String... keyValues) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                q.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return q;
    }

    static String segment(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String operation, String path, Map<String, String> query) {
        return send(operation, request(path, query).GET());
    }

    JsonNode postJson(String operation, String path, JsonNode body) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request body", e);
        }
        return send(operation, request(path, Map.of())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    /** A custom-verb POST such as {@code :terminate} that carries no body. */
    JsonNode post(String operation, String path) {
        return send(operation, request(path, Map.of()).POST(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode delete(String operation, String path, Map<String, String> query) {
        return send(operation, request(path, query).DELETE());
    }

    /** multipart/form-data with one file part named {@code uploadfile}, as KFP's upload endpoints expect. */
    JsonNode upload(String operation, String path, Map<String, String> query, String fileName, byte[] content) {
        String boundary = "kfp-operator-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"uploadfile\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(operation, request(path, query)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path + q))
                .timeout(timeout)
                .header("Accept", "application/json");
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t.token()));
        return builder;
    }

    private JsonNode send(String operation, HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw KfpErrors.fromIo(operation, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnavailableException("KFP " + operation + " interrupted", e);
        }
        int status = response.statusCode();
        LOG.debug("KFP call {} {} -> {}", request.method(), request.uri().getPath(), status);
        if (status < 200 || status >= 300) {
            throw KfpErrors.fromResponse(operation, status, response.body());
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(body);
        } catch (IOException e) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered HTTP " + status
                    + " with a body that is not JSON (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()) + "): " + KfpErrors.kfpMessage(body), e);
        }
        // Every v2beta1 answer is a JSON object ({} for deletes); anything else is a proxy's or a bug's.
        if (!answer.isObject()) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered HTTP " + status
                    + " with JSON that is not an object: " + KfpAnswers.describe(answer));
        }
        return answer;
    }
}
