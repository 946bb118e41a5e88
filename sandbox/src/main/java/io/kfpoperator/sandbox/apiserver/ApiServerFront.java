package io.kfpoperator.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.zjsonpatch.JsonPatch;
import io.kfpoperator.api.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP front over the fabric8 mock API server (CRUD mode) that makes the real kubectl work
 * against it: discovery, OpenAPI v3, server-side printing (Table), HTTP streaming watches,
 * field selectors, admission with the shared validators, and JSON answers to protobuf requests.
 * Everything else is passed to the mock, which stores the objects.
 *
 * <p>A sandbox, not a production API server: no authentication, no authorization, no
 * server-side apply, no garbage collection, strategic merge patches treated as JSON merge patches.
 */
public final class ApiServerFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerFront.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    /** How often a watch looks for changes; well below kubectl's patience, well above a busy loop. */
    private static final Duration WATCH_POLL = Duration.ofMillis(200);
    /**
     * A quiet watch sends a newline this often. The JDK server only notices a client that went
     * away (kubectl wait finished, Ctrl-C) when a write fails; without it the watch would poll
     * until its timeout. JSON stream decoders skip whitespace between events.
     */
    private static final Duration WATCH_HEARTBEAT = Duration.ofSeconds(5);
    static final String KUBERNETES_VERSION = "v1.32.0";

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock;
    private volatile boolean closed;

    private ApiServerFront(URI upstream, HttpServer server, ExecutorService executor, Clock clock) {
        this.upstream = upstream;
        this.server = server;
        this.executor = executor;
        this.clock = clock;
    }

    /** Serves on {@code host:port} (0 picks a free port) in front of the mock API server at {@code upstream}. */
    public static ApiServerFront start(URI upstream, String host, int port, Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger threads = new AtomicInteger();
        // Unbounded: every open watch (kubectl get -w, wait, delete) holds a thread for its life.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "sandbox-apiserver-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ApiServerFront front = new ApiServerFront(upstream, server, executor, clock);
        server.createContext("/", front::handle);
        server.setExecutor(executor);
        server.start();
        return front;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            route(exchange);
        } catch (InterruptedException e) {
            // Shutting down: open watches end here.
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (closed) {
                return;
            }
            LOG.warn("sandbox API server failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                send(exchange, 500, status(500, "InternalError", "sandbox API server: " + e));
            } catch (IOException ignored) {
                // The client has gone; nothing left to tell it.
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (method.equals("GET") && (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz"))) {
            sendRaw(exchange, 200, "ok".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (method.equals("GET")) {
            Optional<JsonNode> fixed = fixedDocument(path);
            if (fixed.isPresent()) {
                send(exchange, 200, fixed.get());
                return;
            }
            if (isDiscoveryPath(path)) {
                // Never the mock: it answers these paths with lists of stored objects, which confuse kubectl.
                // (/openapi/v2 lands here too: kubectl only falls back to it when v3 is missing.)
                send(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
                return;
            }
        }
        ResourceRegistry registry = registry();
        Optional<Target> target = Target.parse(path, registry);
        if (target.isEmpty()) {
            send(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
            return;
        }
        Target t = target.get();
        switch (method) {
            case "GET" -> {
                if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
                    watch(exchange, t, query);
                } else if (t.name() == null) {
                    list(exchange, t, query);
                } else {
                    get(exchange, t, query);
                }
            }
            case "POST" -> write(exchange, t, query, "POST");
            case "PUT" -> write(exchange, t, query, "PUT");
            case "PATCH" -> patch(exchange, t, query);
            case "DELETE" -> forward(exchange, "DELETE", t.name() == null ? t.collectionPath() : t.objectPath(), passThroughQuery(query),
                    readBody(exchange), "application/json", t);
            default -> send(exchange, 405, status(405, "MethodNotAllowed", method + " is not supported"));
        }
    }

    /** OpenAPI documents, {@code /api/<version>}, {@code /apis}, {@code /apis/<group>} and {@code /apis/<group>/<version>}. */
    private static boolean isDiscoveryPath(String path) {
        int segments = path.split("/").length - 1;
        return path.startsWith("/openapi/") || path.startsWith("/api/") && segments == 2
                || (path.equals("/apis") || path.startsWith("/apis/")) && segments <= 3;
    }

    /** Discovery, OpenAPI and version documents, or empty when {@code path} is not one of them. */
    private Optional<JsonNode> fixedDocument(String path) throws IOException, InterruptedException {
        if (path.equals("/version")) {
            ObjectNode version = JSON.createObjectNode().put("major", "1").put("minor", "32").put("gitVersion", KUBERNETES_VERSION + "+kfp-operator-sandbox")
                    .put("gitCommit", "").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z").put("goVersion", "n/a (JVM)")
                    .put("compiler", "n/a").put("platform", "sandbox/jvm");
            return Optional.of(version);
        }
        if (path.equals("/api")) {
            return Optional.of(Discovery.coreVersions(server.getAddress().getHostString() + ":" + port()));
        }
        if (!(path.equals("/apis") || path.startsWith("/apis/") || path.equals("/api/v1") || path.startsWith("/openapi/"))) {
            return Optional.empty();
        }
        String[] parts = path.split("/");
        if (path.equals("/apis")) {
            return Optional.of(Discovery.groupList(registry()));
        }
        if (path.equals("/api/v1")) {
            return Discovery.resourceList(registry(), "", "v1").map(JsonNode.class::cast);
        }
        if (parts[1].equals("apis") && parts.length == 3) {
            return Discovery.group(registry(), parts[2]).map(JsonNode.class::cast);
        }
        if (parts[1].equals("apis") && parts.length == 4) {
            return Discovery.resourceList(registry(), parts[2], parts[3]).map(JsonNode.class::cast);
        }
        if (path.equals("/openapi/v3")) {
            return Optional.of(OpenApi.index(registry()));
        }
        if (path.startsWith("/openapi/v3/api/")) {
            return OpenApi.document(registry(), path.substring("/openapi/v3/api/".length())).map(JsonNode.class::cast);
        }
        if (path.startsWith("/openapi/v3/apis/")) {
            return OpenApi.document(registry(), path.substring("/openapi/v3/apis/".length())).map(JsonNode.class::cast);
        }
        return Optional.empty();
    }

    /** Built-in kinds plus every stored CRD; read per request so CRDs applied with kubectl are served at once. */
    private ResourceRegistry registry() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = upstream("GET", CRDS, "", null, null);
        List<JsonNode> crds = new ArrayList<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).path("items").forEach(crds::add);
        }
        return ResourceRegistry.of(crds);
    }

    private void list(HttpExchange exchange, Target t, Map<String, String> query) throws IOException, InterruptedException {
        Optional<ObjectNode> list = listObjects(t, query);
        if (list.isEmpty()) {
            send(exchange, 500, status(500, "InternalError", "the sandbox store did not answer the list of " + t.type().qualifiedPlural()));
            return;
        }
        ObjectNode body = list.get();
        if (Tables.wanted(accept(exchange))) {
            List<JsonNode> items = new ArrayList<>();
            body.path("items").forEach(items::add);
            send(exchange, 200, Tables.table(t.type(), items, body.path("metadata").path("resourceVersion").asText(null),
                    query.get("includeObject"), true, clock.instant()));
        } else {
            send(exchange, 200, body);
        }
    }

    /** The stored list, filtered by the request's field selector and with kind/apiVersion set as a real server does. */
    private Optional<ObjectNode> listObjects(Target t, Map<String, String> query) throws IOException, InterruptedException {
        Map<String, String> upstreamQuery = new LinkedHashMap<>();
        if (query.containsKey("labelSelector")) {
            upstreamQuery.put("labelSelector", query.get("labelSelector"));
        }
        HttpResponse<byte[]> response = upstream("GET", t.collectionPath(), encode(upstreamQuery), null, null);
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        ObjectNode list = (ObjectNode) JSON.readTree(response.body());
        FieldSelector selector = FieldSelector.parse(query.get("fieldSelector"));
        ArrayNode items = JSON.createArrayNode();
        long maxVersion = 0;
        for (JsonNode item : list.path("items")) {
            if (selector.matches(item)) {
                items.add(item);
            }
            maxVersion = Math.max(maxVersion, resourceVersion(item));
        }
        list.set("items", items);
        list.put("kind", t.type().kind() + "List").put("apiVersion", t.type().groupVersion());
        ObjectNode metadata = list.withObjectProperty("metadata");
        if (!metadata.has("resourceVersion")) {
            metadata.put("resourceVersion", Long.toString(maxVersion));
        }
        return Optional.of(list);
    }

    private void get(HttpExchange exchange, Target t, Map<String, String> query) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = upstream("GET", t.objectPath() + (t.subresource() == null ? "" : "/" + t.subresource()), "", null, null);
        if (response.statusCode() == 404) {
            send(exchange, 404, notFound(t));
            return;
        }
        if (response.statusCode() == 200 && Tables.wanted(accept(exchange))) {
            JsonNode object = JSON.readTree(response.body());
            send(exchange, 200, Tables.table(t.type(), List.of(object), object.path("metadata").path("resourceVersion").asText(null),
                    query.get("includeObject"), true, clock.instant()));
            return;
        }
        sendRaw(exchange, response.statusCode(), response.body());
    }

    private void write(HttpExchange exchange, Target t, Map<String, String> query, String method) throws IOException, InterruptedException {
        byte[] body = readBody(exchange);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith(ProtobufBodies.CONTENT_TYPE)) {
            Optional<ObjectNode> decoded = ProtobufBodies.toJson(body);
            if (decoded.isEmpty()) {
                send(exchange, 415, status(415, "UnsupportedMediaType",
                        "the sandbox API server reads protobuf only for namespaces, configmaps and secrets; apply a YAML manifest instead"));
                return;
            }
            body = JSON.writeValueAsBytes(decoded.get());
        }
        if (Admission.applies(t.type()) && t.subresource() == null) {
            JsonNode object = JSON.readTree(body);
            JsonNode previous = null;
            if (method.equals("PUT")) {
                HttpResponse<byte[]> current = upstream("GET", t.objectPath(), "", null, null);
                previous = current.statusCode() == 200 ? JSON.readTree(current.body()) : null;
            }
            if (rejected(exchange, t, object, previous)) {
                return;
            }
            if (isDryRun(query)) {
                send(exchange, method.equals("POST") ? 201 : 200, object);
                return;
            }
        }
        String path = method.equals("POST") ? t.collectionPath() : t.objectPath() + (t.subresource() == null ? "" : "/" + t.subresource());
        forward(exchange, method, path, "", body, "application/json", t);
    }

    private void patch(HttpExchange exchange, Target t, Map<String, String> query) throws IOException, InterruptedException {
        byte[] body = readBody(exchange);
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("application/merge-patch+json");
        if (contentType.startsWith("application/apply-patch")) {
            send(exchange, 415, status(415, "UnsupportedMediaType", "server-side apply is not supported by the sandbox API server; use kubectl apply without --server-side"));
            return;
        }
        if (contentType.startsWith("application/strategic-merge-patch+json")) {
            // The mock has no strategic merge; without list merge keys it is a JSON merge patch once its directives are dropped.
            JsonNode patch = JSON.readTree(body);
            dropDirectives(patch);
            body = JSON.writeValueAsBytes(patch);
            contentType = "application/merge-patch+json";
        }
        String path = t.objectPath() + (t.subresource() == null ? "" : "/" + t.subresource());
        if (Admission.applies(t.type()) && t.subresource() == null) {
            HttpResponse<byte[]> current = upstream("GET", path, "", null, null);
            if (current.statusCode() == 404) {
                send(exchange, 404, notFound(t));
                return;
            }
            JsonNode previous = JSON.readTree(current.body());
            JsonNode patched = contentType.startsWith("application/json-patch+json")
                    ? JsonPatch.apply(JSON.readTree(body), previous)
                    : mergePatch(previous.deepCopy(), JSON.readTree(body));
            if (rejected(exchange, t, patched, previous)) {
                return;
            }
            if (isDryRun(query)) {
                send(exchange, 200, patched);
                return;
            }
        }
        forward(exchange, "PATCH", path, "", body, contentType, t);
    }

    private boolean rejected(HttpExchange exchange, Target t, JsonNode object, JsonNode previous) throws IOException {
        List<Violation> violations = Admission.review(object, previous);
        if (violations.isEmpty()) {
            return false;
        }
        String name = object.path("metadata").path("name").asText(t.name());
        LOG.info("sandbox admission rejected {} {}/{}: {}", t.type().kind(), t.namespace(), name, violations);
        send(exchange, 422, Admission.invalid(t.type(), name, violations));
        return true;
    }

    private void forward(HttpExchange exchange, String method, String path, String rawQuery, byte[] body, String contentType, Target t)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = upstream(method, path, rawQuery, body, contentType);
        if (response.statusCode() == 404 && t.name() != null) {
            send(exchange, 404, notFound(t));
            return;
        }
        sendRaw(exchange, response.statusCode(), response.body());
    }

    /**
     * An HTTP streaming watch as the real server sends it: one JSON line per event, the stream kept
     * open. The front polls the store and diffs by resourceVersion, which keeps it independent of
     * the mock's WebSocket watches and lets it apply any field selector.
     */
    private void watch(HttpExchange exchange, Target t, Map<String, String> query) throws IOException, InterruptedException {
        boolean table = Tables.wanted(accept(exchange));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        Instant deadline = query.containsKey("timeoutSeconds")
                ? clock.instant().plusSeconds(Long.parseLong(query.get("timeoutSeconds"))) : Instant.MAX;
        String since = query.get("resourceVersion");
        boolean replayAll = since == null || since.isEmpty() || since.equals("0");
        long sinceVersion = replayAll ? 0 : parseVersion(since);
        Map<String, JsonNode> known = new LinkedHashMap<>();
        boolean first = true;
        Instant lastWrite = clock.instant();
        try {
            while (!closed && clock.instant().isBefore(deadline)) {
                if (Duration.between(lastWrite, clock.instant()).compareTo(WATCH_HEARTBEAT) >= 0) {
                    out.write('\n');
                    out.flush();
                    lastWrite = clock.instant();
                }
                Optional<ObjectNode> list = listObjects(t, query);
                if (list.isEmpty()) {
                    return;
                }
                Map<String, JsonNode> seen = new LinkedHashMap<>();
                for (JsonNode item : list.get().path("items")) {
                    String key = item.path("metadata").path("namespace").asText("") + "/" + item.path("metadata").path("name").asText();
                    seen.put(key, item);
                    JsonNode before = known.get(key);
                    if (first) {
                        if (replayAll) {
                            emit(out, "ADDED", t, item, table);
                        } else if (resourceVersion(item) > sinceVersion) {
                            // Changed between the client's list and this watch: it must not miss it.
                            emit(out, "MODIFIED", t, item, table);
                        }
                    } else if (before == null) {
                        emit(out, "ADDED", t, item, table);
                    } else if (!before.path("metadata").path("resourceVersion").equals(item.path("metadata").path("resourceVersion"))) {
                        emit(out, "MODIFIED", t, item, table);
                    }
                }
                if (first && !replayAll && seen.isEmpty()) {
                    Optional<String> name = FieldSelector.parse(query.get("fieldSelector")).requiredName();
                    if (name.isPresent()) {
                        // The client listed the object at `since` and it is gone already (kubectl delete
                        // waiting while the finalizer is released): tell it, or it waits forever.
                        ObjectNode tombstone = JSON.createObjectNode().put("apiVersion", t.type().groupVersion()).put("kind", t.type().kind());
                        tombstone.putObject("metadata").put("name", name.get()).put("namespace", t.namespace())
                                .put("resourceVersion", Long.toString(sinceVersion + 1));
                        emit(out, "DELETED", t, tombstone, table);
                    }
                }
                for (Map.Entry<String, JsonNode> gone : known.entrySet()) {
                    if (!seen.containsKey(gone.getKey())) {
                        emit(out, "DELETED", t, gone.getValue(), table);
                    }
                }
                known = seen;
                first = false;
                Thread.sleep(WATCH_POLL.toMillis());
            }
        } catch (IOException e) {
            // The client closed the watch (kubectl exits, Ctrl-C): the normal end of a watch.
        }
    }

    /** Writes one event; as a Table (with its column definitions, which kubectl prints once) when the client asked for tables. */
    private void emit(OutputStream out, String type, Target t, JsonNode object, boolean table) throws IOException {
        ObjectNode event = JSON.createObjectNode().put("type", type);
        event.set("object", table ? Tables.table(t.type(), List.of(object), object.path("metadata").path("resourceVersion").asText(null),
                null, true, clock.instant()) : object);
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
    }

    private HttpResponse<byte[]> upstream(String method, String path, String rawQuery, byte[] body, String contentType)
            throws IOException, InterruptedException {
        URI uri = URI.create(upstream + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        HttpRequest.BodyPublisher publisher = body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        if (contentType != null && body != null && body.length > 0) {
            request.header("Content-Type", contentType);
        }
        request.method(method, publisher);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private ObjectNode notFound(Target t) {
        ObjectNode status = status(404, "NotFound", t.type().qualifiedPlural() + " \"" + t.name() + "\" not found");
        status.putObject("details").put("name", t.name()).put("group", t.type().group()).put("kind", t.type().plural());
        return status;
    }

    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    }

    private static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        sendRaw(exchange, code, JSON.writeValueAsBytes(body));
    }

    /** Always JSON, whatever the Accept header asked for (kubectl asks for protobuf first and accepts JSON). */
    private static void sendRaw(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static String accept(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Accept");
    }

    private static boolean isDryRun(Map<String, String> query) {
        return query.containsKey("dryRun");
    }

    /** Only what the mock understands: it answers 202 and ignores writes when given fieldManager and friends (STACK.md gotcha 4). */
    private static String passThroughQuery(Map<String, String> query) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (query.containsKey("propagationPolicy")) {
            kept.put("propagationPolicy", query.get("propagationPolicy"));
        }
        return encode(kept);
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
            }
        }
        return query;
    }

    private static String encode(Map<String, String> query) {
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> {
            if (raw.length() > 0) {
                raw.append('&');
            }
            raw.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return raw.toString();
    }

    private static long resourceVersion(JsonNode object) {
        return parseVersion(object.path("metadata").path("resourceVersion").asText(""));
    }

    private static long parseVersion(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** RFC 7386 JSON merge patch. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static void dropDirectives(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).properties().removeIf(e -> e.getKey().startsWith("$"));
            node.forEach(ApiServerFront::dropDirectives);
        } else if (node.isArray()) {
            node.forEach(ApiServerFront::dropDirectives);
        }
    }
}
