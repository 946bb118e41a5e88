package io.kfpoperator.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.resources.ResourceType;
import io.kfpoperator.apiserver.selection.LabelSelector;
import io.kfpoperator.apiserver.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's ValidatingAdmissionWebhook plugin: on every create and update, each webhook of
 * every stored {@code admissionregistration.k8s.io/v1} ValidatingWebhookConfiguration whose rules,
 * namespaceSelector and objectSelector match is sent an {@code AdmissionReview} v1 over HTTPS
 * (trusting its {@code caBundle}), with its {@code timeoutSeconds} (default 10). A denial is answered
 * as {@code admission webhook "<name>" denied the request: <message>} with the webhook's Status
 * (its code, at least 400); a webhook that cannot be called or answers nonsense fails the request
 * with 500 {@code failed calling webhook "<name>": …} under {@code failurePolicy: Fail} (the
 * default) and is passed over under {@code Ignore}. A dryRun request reaches only webhooks whose
 * {@code sideEffects} are None or NoneOnDryRun (others refuse it, 400). Webhook configurations
 * themselves are never sent to webhooks, so a broken one can always be fixed.
 * <p>
 * A {@code clientConfig.service} is called at {@code https://<name>.<namespace>.svc:<port><path>}
 * unless {@link #serviceResolver} says otherwise; this server runs no Service network.
 */
public final class ValidatingWebhooks implements AdmissionHook {

    public static final String GROUP = "admissionregistration.k8s.io";
    public static final String PLURAL = "validatingwebhookconfigurations";
    private static final Logger LOG = LoggerFactory.getLogger(ValidatingWebhooks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_TIMEOUT_SECONDS = 10;

    /** Where a {@code clientConfig.service} is reached: the base URI (scheme, host, port) for that Service. */
    @FunctionalInterface
    public interface ServiceResolver {
        URI resolve(String namespace, String name, int port);
    }

    private final ObjectStore store;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private volatile ServiceResolver serviceResolver = (namespace, name, port) -> URI.create("https://" + name + "." + namespace + ".svc:" + port);

    public ValidatingWebhooks(ObjectStore store) {
        this.store = store;
    }

    public void serviceResolver(ServiceResolver resolver) {
        this.serviceResolver = resolver;
    }

    @Override
    public Verdict review(Request request) {
        ResourceType type = request.type();
        if (type.group().equals(GROUP)) {
            return Verdict.admit();
        }
        List<ObjectNode> configurations = store.list(GROUP, PLURAL, null, o -> true).items();
        List<String> warnings = new ArrayList<>();
        for (ObjectNode configuration : configurations) {
            for (JsonNode webhook : configuration.path("webhooks")) {
                if (!matches(webhook, request)) {
                    continue;
                }
                ApiException refusal = call(webhook, request, warnings);
                if (refusal != null) {
                    return Verdict.refuse(refusal, warnings);
                }
            }
        }
        return Verdict.admit(warnings);
    }

    // ---------------------------------------------------------------- matching

    private boolean matches(JsonNode webhook, Request request) {
        ResourceType type = request.type();
        boolean ruleMatches = false;
        for (JsonNode rule : webhook.path("rules")) {
            if (ruleMatches(rule, type, request.operation(), request.subResource())) {
                ruleMatches = true;
                break;
            }
        }
        if (!ruleMatches) {
            return false;
        }
        JsonNode objectSelector = webhook.get("objectSelector");
        if (objectSelector != null && !objectSelector.isNull()) {
            LabelSelector selector = selector(objectSelector);
            boolean newMatches = selector.matches(request.object());
            boolean oldMatches = request.old() != null && selector.matches(request.old());
            if (!newMatches && !oldMatches) {
                return false;
            }
        }
        JsonNode namespaceSelector = webhook.get("namespaceSelector");
        if (namespaceSelector != null && !namespaceSelector.isNull()) {
            LabelSelector selector = selector(namespaceSelector);
            if (type.group().isEmpty() && type.plural().equals("namespaces")) {
                return selector.matches(request.object());
            }
            if (type.namespaced()) {
                String namespace = request.object().path("metadata").path("namespace").asText("");
                ObjectNode ns = store.get(new ObjectStore.Key("", "namespaces", "", namespace)).orElse(null);
                return ns != null && selector.matches(ns);
            }
        }
        return true;
    }

    static boolean ruleMatches(JsonNode rule, ResourceType type, String operation, String subResource) {
        if (!listed(rule.path("operations"), operation) || !listed(rule.path("apiGroups"), type.group())
                || !listed(rule.path("apiVersions"), type.version())) {
            return false;
        }
        String scope = rule.path("scope").asText("*");
        if (scope.equals("Cluster") && type.namespaced() || scope.equals("Namespaced") && !type.namespaced()) {
            return false;
        }
        for (JsonNode resource : rule.path("resources")) {
            String[] parts = resource.asText().split("/", 2);
            String plural = parts[0];
            String sub = parts.length > 1 ? parts[1] : "";
            boolean pluralMatches = plural.equals("*") || plural.equals(type.plural());
            boolean subMatches = sub.equals("*") || sub.equals(subResource);
            if (pluralMatches && subMatches) {
                return true;
            }
        }
        return false;
    }

    private static boolean listed(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals("*") || v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** A metav1.LabelSelector (matchLabels, matchExpressions); an empty one matches everything. */
    static LabelSelector selector(JsonNode selector) {
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        selector.path("matchLabels").fields().forEachRemaining(e ->
                requirements.add(new LabelSelector.Requirement(e.getKey(), LabelSelector.Operator.EQUALS, Set.of(e.getValue().asText()))));
        for (JsonNode expression : selector.path("matchExpressions")) {
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            LabelSelector.Operator operator = switch (expression.path("operator").asText()) {
                case "In" -> LabelSelector.Operator.IN;
                case "NotIn" -> LabelSelector.Operator.NOT_IN;
                case "Exists" -> LabelSelector.Operator.EXISTS;
                default -> LabelSelector.Operator.DOES_NOT_EXIST;
            };
            requirements.add(new LabelSelector.Requirement(expression.path("key").asText(), operator, Set.copyOf(values)));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    // ---------------------------------------------------------------- calling

    /** The refusal the webhook's answer means, or null when it admitted the request or was passed over. */
    private ApiException call(JsonNode webhook, Request request, List<String> warnings) {
        String name = webhook.path("name").asText();
        boolean ignore = "Ignore".equals(webhook.path("failurePolicy").asText("Fail"));
        String sideEffects = webhook.path("sideEffects").asText("");
        if (request.dryRun() && !sideEffects.equals("None") && !sideEffects.equals("NoneOnDryRun")) {
            return ApiException.badRequest("admission webhook \"" + name + "\" does not support dry run");
        }
        int timeout = webhook.path("timeoutSeconds").asInt(DEFAULT_TIMEOUT_SECONDS);
        String uid = UUID.randomUUID().toString();
        URI uri;
        try {
            uri = uri(webhook.path("clientConfig"), timeout);
        } catch (IllegalArgumentException e) {
            return failed(name, ignore, e.getMessage());
        }
        HttpResponse<byte[]> response;
        try {
            HttpClient client = client(webhook.path("clientConfig").path("caBundle").asText(""));
            HttpRequest http = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(review(uid, request)))).build();
            response = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(name, ignore, "failed to call webhook: Post \"" + uri + "\": context canceled");
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return failed(name, ignore, "failed to call webhook: Post \"" + uri + "\": " + goError(e, uri));
        }
        if (response.statusCode() != 200) {
            String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            return failed(name, ignore, "failed to call webhook: an error on the server (\"" + (body.length() > 200 ? body.substring(0, 200) : body)
                    + "\") has prevented the request from succeeding (HTTP " + response.statusCode() + ")");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            return failed(name, ignore, "received invalid webhook response: " + e.getMessage());
        }
        String invalid = invalidResponse(answer, uid);
        if (invalid != null) {
            return failed(name, ignore, "received invalid webhook response: " + invalid);
        }
        JsonNode result = answer.path("response");
        result.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (result.path("allowed").asBoolean(false)) {
            return null;
        }
        return denied(name, result.get("status"));
    }

    private URI uri(JsonNode clientConfig, int timeout) {
        String query = "timeout=" + timeout + "s";
        JsonNode url = clientConfig.get("url");
        if (url != null && !url.asText("").isEmpty()) {
            URI base = URI.create(url.asText());
            return URI.create(base + (base.getRawQuery() == null ? "?" : "&") + query);
        }
        JsonNode service = clientConfig.get("service");
        if (service == null || !service.isObject()) {
            throw new IllegalArgumentException("clientConfig has neither url nor service");
        }
        URI base = serviceResolver.resolve(service.path("namespace").asText(), service.path("name").asText(), service.path("port").asInt(443));
        String path = service.path("path").asText("");
        return URI.create(base + path + "?" + query);
    }

    private HttpClient client(String caBundle) throws GeneralSecurityException {
        HttpClient cached = clients.get(caBundle);
        if (cached != null) {
            return cached;
        }
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS));
        if (!caBundle.isEmpty()) {
            builder.sslContext(trusting(caBundle));
        }
        HttpClient client = builder.build();
        clients.put(caBundle, client);
        return client;
    }

    /** An SSLContext that trusts the certificates of a base64 PEM bundle, and nothing else (as kube-apiserver does with caBundle). */
    private static SSLContext trusting(String caBundle) throws GeneralSecurityException {
        byte[] pem;
        try {
            pem = Base64.getDecoder().decode(caBundle);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("clientConfig.caBundle is not base64: " + e.getMessage());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            trust.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
            throw new GeneralSecurityException("clientConfig.caBundle holds no PEM certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The cause as Go's net/http and crypto/tls word it, which is what kube-apiserver's message carries. */
    private static String goError(Exception e, URI uri) {
        String hostPort = uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort());
        if (e instanceof HttpTimeoutException) {
            return "context deadline exceeded";
        }
        if (e instanceof ConnectException) {
            return "dial tcp " + hostPort + ": connect: connection refused";
        }
        if (e instanceof SSLHandshakeException) {
            return "tls: failed to verify certificate: x509: certificate signed by unknown authority (" + e.getMessage() + ")";
        }
        if (e instanceof java.nio.channels.UnresolvedAddressException || e.getCause() instanceof java.nio.channels.UnresolvedAddressException
                || e instanceof java.net.UnknownHostException) {
            return "dial tcp: lookup " + uri.getHost() + ": no such host";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String invalidResponse(JsonNode answer, String uid) {
        if (!"admission.k8s.io/v1".equals(answer.path("apiVersion").asText()) || !"AdmissionReview".equals(answer.path("kind").asText())) {
            return "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got " + answer.path("apiVersion").asText()
                    + ", Kind=" + answer.path("kind").asText();
        }
        if (!answer.path("response").isObject()) {
            return "webhook response was absent";
        }
        String got = answer.path("response").path("uid").asText("");
        if (!uid.equals(got)) {
            return "expected response.uid=\"" + uid + "\", got \"" + got + "\"";
        }
        return null;
    }

    /** kube-apiserver's ToStatusErr: the webhook's Status, at least 400, its message prefixed. */
    private static ApiException denied(String name, JsonNode webhookStatus) {
        ObjectNode status = webhookStatus != null && webhookStatus.isObject() ? ((ObjectNode) webhookStatus).deepCopy() : NODES.objectNode();
        int code = status.path("code").asInt(0);
        if (code < 400) {
            code = 400;
        }
        String state = status.path("status").asText("");
        if (state.isEmpty() || state.equals("Success")) {
            status.put("status", "Failure");
        }
        String deniedBy = "admission webhook \"" + name + "\" denied the request";
        String message = status.path("message").asText("");
        String reason = status.path("reason").asText("");
        status.put("message", !message.isEmpty() ? deniedBy + ": " + message : !reason.isEmpty() ? deniedBy + ": " + reason
                : deniedBy + " without explanation");
        status.put("code", code);
        ObjectNode out = NODES.objectNode().put("kind", "Status").put("apiVersion", "v1");
        out.setAll(status);
        if (!out.has("metadata")) {
            out.putObject("metadata");
        }
        return new ApiException(code, out);
    }

    /** Fail: 500 Internal error with the call's error as the cause; Ignore: null (admitted), logged. */
    private static ApiException failed(String name, boolean ignore, String why) {
        String message = "failed calling webhook \"" + name + "\": " + why;
        if (ignore) {
            LOG.warn("Failed calling webhook, failing open {}: {}", name, message);
            return null;
        }
        LOG.warn("Failed calling webhook, failing closed {}: {}", name, message);
        ApiException internal = ApiException.internal(message);
        ObjectNode status = internal.status();
        ArrayNode causes = status.putObject("details").putArray("causes");
        causes.addObject().put("message", message);
        return new ApiException(500, status);
    }

    // ---------------------------------------------------------------- the review

    private static ObjectNode review(String uid, Request request) {
        ResourceType type = request.type();
        ObjectNode review = NODES.objectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode r = review.putObject("request").put("uid", uid);
        r.putObject("kind").put("group", type.group()).put("version", type.version()).put("kind", type.kind());
        r.putObject("resource").put("group", type.group()).put("version", type.version()).put("resource", type.plural());
        if (!request.subResource().isEmpty()) {
            r.put("subResource", request.subResource());
        }
        r.set("requestKind", r.get("kind").deepCopy());
        r.set("requestResource", r.get("resource").deepCopy());
        if (!request.subResource().isEmpty()) {
            r.put("requestSubResource", request.subResource());
        }
        JsonNode metadata = request.object().path("metadata");
        r.put("name", metadata.path("name").asText(""));
        if (type.namespaced()) {
            r.put("namespace", metadata.path("namespace").asText(""));
        }
        r.put("operation", request.operation());
        r.putObject("userInfo").put("username", "system:admin").putArray("groups").add("system:masters").add("system:authenticated");
        r.set("object", request.object());
        r.set("oldObject", request.old() == null ? NODES.nullNode() : request.old());
        r.put("dryRun", request.dryRun());
        r.putObject("options").put("apiVersion", "meta.k8s.io/v1").put("kind", request.operation().equals("CREATE") ? "CreateOptions" : "UpdateOptions");
        return review;
    }
}
