package io.kfpoperator.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kfpoperator.apiserver.discovery.Discovery;
import io.kfpoperator.apiserver.discovery.OpenApi;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.objects.ObjectApi;
import io.kfpoperator.apiserver.objects.WriteOptions;
import io.kfpoperator.apiserver.patch.Patches;
import io.kfpoperator.apiserver.printing.Tables;
import io.kfpoperator.apiserver.resources.ResourceRegistry;
import io.kfpoperator.apiserver.resources.ResourceType;
import io.kfpoperator.apiserver.resources.Target;
import io.kfpoperator.apiserver.selection.FieldSelector;
import io.kfpoperator.apiserver.selection.LabelSelector;
import io.kfpoperator.apiserver.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the server, as kubectl, fabric8 and JOSDK reach it: discovery, OpenAPI v3,
 * the resource verbs with their query parameters, server-side printing (Table), streaming
 * watches, and the self-subject reviews clients ask before they start. Answers are JSON whatever
 * the Accept header asks for; protobuf request bodies of the kinds kubectl's generators send are
 * read. No authentication and no authorization: every request is allowed.
 */
public final class HttpFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    public static final String KUBERNETES_VERSION = "v1.32.0";
    /** kube-apiserver's default --min-request-timeout: a watch without timeoutSeconds ends after 30 to 60 minutes. */
    private static final int MIN_REQUEST_TIMEOUT_SECONDS = 1800;
    /** A watch that falls this many events behind is closed, as kube-apiserver closes slow watchers; the client re-watches. */
    private static final int WATCH_BUFFER = 10_000;

    /** Where pod logs come from: no kubelet runs here, so tests and the sandbox say what a container printed. */
    @FunctionalInterface
    public interface PodLogs {
        Optional<String> log(String namespace, String pod, String container);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectStore store;
    private final ObjectApi objects;
    private final Supplier<ResourceRegistry> registry;
    private final Clock clock;
    private final Duration bookmarkInterval;
    /**
     * One request as it arrived, for tests that count or inspect what a client sent;
     * {@code userAgent} tells which client sent it (null when it sent none).
     */
    public record Request(String method, String path, String query, String contentType, String userAgent) {
        /** "METHOD path". */
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private volatile PodLogs podLogs = (ns, pod, container) -> Optional.empty();
    /** The queues of the open watches, for {@link #endWatches()}. */
    private final java.util.Set<LinkedBlockingQueue<ObjectStore.Change>> openWatches = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final ObjectStore.Change END_OF_WATCH = new ObjectStore.Change(ObjectStore.Change.Type.ADDED,
            new ObjectStore.Key("", "", "", ""), null, null, -1);
    /** Told apart from END_OF_WATCH by identity: the watch ends with an ERROR 410 Expired event. */
    private static final ObjectStore.Change EXPIRED_WATCH = new ObjectStore.Change(ObjectStore.Change.Type.ADDED,
            new ObjectStore.Key("", "", "", ""), null, null, -1);
    private volatile io.kfpoperator.apiserver.faults.ApiFaults faults = new io.kfpoperator.apiserver.faults.ApiFaults(0);
    private final List<java.util.function.Consumer<Request>> requestListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private HttpFront(HttpServer server, ExecutorService executor, ObjectStore store, ObjectApi objects, Supplier<ResourceRegistry> registry,
            Clock clock, Duration bookmarkInterval) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.objects = objects;
        this.registry = registry;
        this.clock = clock;
        this.bookmarkInterval = bookmarkInterval;
    }

    /**
     * kube-apiserver answers without Nagle's algorithm: Go's net package sets TCP_NODELAY on every
     * connection ("The default is true (no delay)", net.TCPConn.SetNoDelay). The JDK's HTTP server
     * writes a response's headers and body as two segments and leaves Nagle on unless
     * {@code sun.net.httpserver.nodelay} is true when its first server starts; the body then waits
     * for the client's delayed ACK of the headers, about 40 ms per request on Linux. The property is
     * read once per JVM and applies to every JDK HTTP server in it; one set by the user is kept.
     */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    public static HttpFront start(String host, int port, ObjectStore store, ObjectApi objects, Supplier<ResourceRegistry> registry, Clock clock,
            Duration bookmarkInterval) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
        AtomicInteger threads = new AtomicInteger();
        // Unbounded: every open watch holds a thread for its life.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "apiserver-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HttpFront front = new HttpFront(server, executor, store, objects, registry, clock, bookmarkInterval);
        server.createContext("/", front::handle);
        server.setExecutor(executor);
        server.start();
        return front;
    }

    public void podLogs(PodLogs logs) {
        this.podLogs = logs;
    }

    /** The errors injected instead of serving requests (see {@link io.kfpoperator.apiserver.faults.ApiFaults}). */
    public void faults(io.kfpoperator.apiserver.faults.ApiFaults faults) {
        this.faults = java.util.Objects.requireNonNull(faults);
    }

    /** Tells {@code listener} of every request, before it is answered. */
    public Runnable onRequest(java.util.function.Consumer<Request> listener) {
        requestListeners.add(listener);
        return () -> requestListeners.remove(listener);
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
            answer(exchange);
        }
    }

    /** Answers one request; errors become Status answers (inside the exchange, which closes after). */
    private void answer(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (ApiException e) {
            sendQuietly(exchange, e.code(), e.status(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away mid-answer (a watch closed, kubectl interrupted): nothing left to say.
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("API server failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                sendQuietly(exchange, 500, ApiException.internal(e.toString()).status(), List.of());
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException, ApiException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!requestListeners.isEmpty()) {
            Request request = new Request(method, path, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("User-Agent"));
            requestListeners.forEach(l -> l.accept(request));
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (method.equals("GET") && (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz"))) {
            sendRaw(exchange, 200, "ok".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
            return;
        }
        ResourceRegistry types = registry.get();
        if (method.equals("GET")) {
            Optional<JsonNode> document = document(path, types);
            if (document.isPresent()) {
                send(exchange, 200, document.get(), List.of());
                return;
            }
        }
        if (method.equals("POST") && path.startsWith("/apis/authorization.k8s.io/v1/")) {
            send(exchange, 201, selfSubjectReview(path, readJson(exchange)), List.of());
            return;
        }
        Target target = Target.parse(path, types).orElseThrow(() -> ApiException.of(404, "NotFound", "the server could not find the requested resource"));
        if (target.type().namespaced() && target.namespace() == null && target.name() != null) {
            throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
        }
        if (!target.type().namespaced() && target.namespace() != null) {
            throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
        }
        if (target.subresource() != null && target.subresource().equals("log") && target.type().plural().equals("pods")) {
            podLog(exchange, target, query);
            return;
        }
        if (target.subresource() != null && !(target.subresource().equals("status") && target.type().statusSubresource())) {
            throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
        }
        if (injectFault(exchange, method, target, query)) {
            return;
        }
        WriteOptions options = method.equals("GET") ? WriteOptions.DEFAULTS : WriteOptions.of(query, exchange.getRequestHeaders().getFirst("User-Agent"));
        switch (method) {
            case "GET" -> {
                if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
                    watch(exchange, target, query);
                } else if (target.name() == null) {
                    list(exchange, target, query);
                } else {
                    ObjectNode object = objects.get(target.type(), target.namespace(), target.name());
                    if (Tables.wanted(accept(exchange))) {
                        send(exchange, 200, Tables.table(target.type(), List.of(object), object.path("metadata").path("resourceVersion").asText(null),
                                query.get("includeObject"), true, clock.instant()), List.of());
                    } else {
                        send(exchange, 200, target.subresource() == null ? object : object, List.of());
                    }
                }
            }
            case "POST" -> {
                if (target.name() != null) {
                    throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
                ObjectApi.Written written = objects.create(target.type(), namespaceOf(target), servedVersion(types, target.type(),
                        readObject(exchange)), options);
                send(exchange, 201, written.object(), written.warnings());
            }
            case "PUT" -> {
                requireName(target);
                ObjectApi.Written written = objects.update(target.type(), target.namespace(), target.name(),
                        servedVersion(types, target.type(), readObject(exchange)), target.subresource(), options);
                send(exchange, 200, written.object(), written.warnings());
            }
            case "PATCH" -> {
                // ValidatePatchOptions: force (whatever its value) belongs to apply patches only.
                // (an unsupported media type is 415 before that, as patch() answers).
                String patchType = patchTypeOrNull(exchange, target);
                if (query.containsKey("force") && patchType != null && !patchType.equals(Patches.APPLY_PATCH_YAML)) {
                    io.kfpoperator.apiserver.apply.ApplyException refused = io.kfpoperator.apiserver.apply.ApplyException.invalidOptions(
                            "PatchOptions", List.of(io.kfpoperator.apiserver.FieldError.forbidden("force", "may not be specified for non-apply patch")));
                    throw new ApiException(refused.code(), refused.status());
                }
                patch(exchange, target, options);
            }
            case "DELETE" -> delete(exchange, target, query);
            default -> throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    /** Answers with an injected fault when a rule fires: a Status error, or for a watch a 410 ERROR event. */
    private boolean injectFault(HttpExchange exchange, String method, Target target, Map<String, String> query) throws IOException, ApiException {
        boolean watch = method.equals("GET") && ("true".equals(query.get("watch")) || "1".equals(query.get("watch")));
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : target.name() == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> target.name() == null ? "deletecollection" : "delete";
            default -> null;
        };
        if (verb == null) {
            return false;
        }
        Optional<io.kfpoperator.apiserver.faults.ApiFaults.Injected> fault = faults.decide(verb, target.type().group(), target.type().plural(),
                target.subresource(), target.name());
        if (fault.isEmpty()) {
            return false;
        }
        if (fault.get().code() == 410) {
            // As the watch cache answers a too-old resourceVersion: 200, then one ERROR event.
            startStream(exchange);
            writeEvent(exchange.getResponseBody(), expired(query.getOrDefault("resourceVersion", "0")));
            return true;
        }
        if (fault.get().retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(fault.get().retryAfterSeconds()));
        }
        throw new ApiException(fault.get().code(), fault.get().status());
    }

    private ObjectNode expired(String resourceVersion) {
        ObjectNode event = JSON.createObjectNode().put("type", "ERROR");
        event.set("object", ApiException.gone("too old resource version: " + resourceVersion + " (" + store.revision() + ")").status());
        return event;
    }

    private static String namespaceOf(Target target) throws ApiException {
        if (target.type().namespaced() && target.namespace() == null) {
            throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
        }
        return target.namespace();
    }

    private static void requireName(Target target) throws ApiException {
        if (target.name() == null) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    // ---------------------------------------------------------------- documents

    private Optional<JsonNode> document(String path, ResourceRegistry types) {
        if (path.equals("/version")) {
            ObjectNode version = JSON.createObjectNode().put("major", "1").put("minor", "32").put("gitVersion", KUBERNETES_VERSION + "+kfp-operator")
                    .put("gitCommit", "").put("gitTreeState", "clean").put("buildDate", "2026-01-01T00:00:00Z").put("goVersion", "n/a (JVM)")
                    .put("compiler", "n/a").put("platform", "jvm");
            return Optional.of(version);
        }
        if (path.equals("/api")) {
            return Optional.of(Discovery.coreVersions(server.getAddress().getHostString() + ":" + port()));
        }
        if (path.equals("/apis")) {
            return Optional.of(Discovery.groupList(types));
        }
        if (path.equals("/api/v1")) {
            return Discovery.resourceList(types, "", "v1").map(JsonNode.class::cast);
        }
        String[] parts = path.split("/");
        if (path.startsWith("/apis/") && parts.length == 3) {
            return Optional.of(Discovery.group(types, parts[2]).map(JsonNode.class::cast)
                    .orElseGet(() -> ApiException.of(404, "NotFound", "the server could not find the requested resource").status()));
        }
        if (path.startsWith("/apis/") && parts.length == 4) {
            return Discovery.resourceList(types, parts[2], parts[3]).map(JsonNode.class::cast);
        }
        if (path.equals("/openapi/v3")) {
            return Optional.of(OpenApi.index(types));
        }
        if (path.startsWith("/openapi/v3/api/")) {
            return OpenApi.document(types, path.substring("/openapi/v3/api/".length())).map(JsonNode.class::cast);
        }
        if (path.startsWith("/openapi/v3/apis/")) {
            return OpenApi.document(types, path.substring("/openapi/v3/apis/".length())).map(JsonNode.class::cast);
        }
        return Optional.empty();
    }

    /** With no authorizer every access is allowed, as kube-apiserver answers under {@code --authorization-mode=AlwaysAllow}. */
    private static ObjectNode selfSubjectReview(String path, JsonNode body) throws ApiException {
        ObjectNode review = body.isObject() ? (ObjectNode) body.deepCopy() : JSON.createObjectNode();
        if (path.endsWith("/selfsubjectaccessreviews")) {
            review.put("kind", "SelfSubjectAccessReview").put("apiVersion", "authorization.k8s.io/v1");
            review.putObject("status").put("allowed", true).put("reason", "no authorizer: every request is allowed");
        } else if (path.endsWith("/selfsubjectrulesreviews")) {
            review.put("kind", "SelfSubjectRulesReview").put("apiVersion", "authorization.k8s.io/v1");
            ObjectNode status = review.putObject("status");
            ObjectNode rule = status.putArray("resourceRules").addObject();
            rule.putArray("verbs").add("*");
            rule.putArray("apiGroups").add("*");
            rule.putArray("resources").add("*");
            status.putArray("nonResourceRules").addObject().putArray("verbs").add("*");
            status.put("incomplete", false);
        } else {
            throw ApiException.of(404, "NotFound", "the server could not find the requested resource");
        }
        return review;
    }

    // ---------------------------------------------------------------- list

    private void list(HttpExchange exchange, Target target, Map<String, String> query) throws IOException, ApiException {
        Predicate<ObjectNode> filter = selection(target, query);
        ResourceType type = target.type();
        String namespace = type.namespaced() ? target.namespace() : null;
        ObjectStore.Listing listing;
        String continueFrom = null;
        if (query.containsKey("continue") && !query.get("continue").isEmpty()) {
            // Every page shows the first page's snapshot (API concepts: retrieving large results sets in chunks);
            // a token whose revision was compacted away is answered 410 with one that continues on the current state.
            Continuation token = Continuation.decode(query.get("continue"));
            continueFrom = token.after();
            if (token.revision() < 0) {
                listing = store.list(type.group(), type.plural(), namespace, filter);
            } else {
                try {
                    listing = store.listAt(type.group(), type.plural(), namespace, filter, token.revision());
                } catch (ObjectStore.ExpiredException e) {
                    ObjectNode status = ApiException.gone(INCONSISTENT_CONTINUE).status();
                    status.withObjectProperty("metadata").put("continue", new Continuation(-1, token.after()).encode());
                    throw new ApiException(410, status);
                }
            }
        } else {
            listing = store.list(type.group(), type.plural(), namespace, filter);
        }
        List<ObjectNode> items = listing.items();
        long listRevision = listing.revision();
        if (continueFrom != null) {
            String after = continueFrom;
            items = items.stream().filter(o -> sortKey(o).compareTo(after) > 0).toList();
        }
        long limit = parseLong(query.get("limit"), 0);
        String next = null;
        long remaining = 0;
        if (limit > 0 && items.size() > limit) {
            remaining = items.size() - limit;
            items = items.subList(0, (int) limit);
            next = new Continuation(listRevision, sortKey(items.get(items.size() - 1))).encode();
        }
        items.forEach(o -> ObjectApi.served(type, o));
        if (Tables.wanted(accept(exchange))) {
            ObjectNode table = Tables.table(type, new ArrayList<>(items), Long.toString(listRevision), query.get("includeObject"), true, clock.instant());
            if (next != null) {
                ((ObjectNode) table.path("metadata")).put("continue", next);
            }
            send(exchange, 200, table, List.of());
            return;
        }
        ObjectNode list = JSON.createObjectNode().put("apiVersion", type.groupVersion()).put("kind", type.kind() + "List");
        ObjectNode metadata = list.putObject("metadata").put("resourceVersion", Long.toString(listRevision));
        if (next != null) {
            metadata.put("continue", next);
            if (!query.containsKey("labelSelector") && !query.containsKey("fieldSelector")) {
                metadata.put("remainingItemCount", remaining);
            }
        }
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        send(exchange, 200, list, List.of());
    }

    /** etcd3's inconsistentContinue: what a 410 for a compacted continue token says. */
    private static final String INCONSISTENT_CONTINUE = "The provided continue parameter is too old to display a consistent list result. "
            + "You can start a new list without the continue parameter, or use the continue token in this response to retrieve the "
            + "remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were "
            + "created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    private static String sortKey(JsonNode object) {
        return object.path("metadata").path("namespace").asText("") + "/" + object.path("metadata").path("name").asText();
    }

    /** A list's continue token: the revision of the first page and the last key served. */
    private record Continuation(long revision, String after) {
        String encode() {
            ObjectNode token = JSON.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", revision).put("start", after);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Continuation decode(String token) throws ApiException {
            try {
                JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(token));
                return new Continuation(node.path("rv").asLong(), node.path("start").asText());
            } catch (IOException | IllegalArgumentException e) {
                throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
            }
        }
    }

    /** The request's label and field selectors; bad ones are answered 400 with kube-apiserver's words. */
    private static Predicate<ObjectNode> selection(Target target, Map<String, String> query) throws ApiException {
        LabelSelector labels;
        FieldSelector fields;
        try {
            labels = LabelSelector.parse(query.get("labelSelector"));
            fields = FieldSelector.parse(query.get("fieldSelector"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ResourceType type = target.type();
        Optional<String> refused = fields.refusal(type.group(), type.plural(), type.custom(), type.namespaced());
        if (refused.isPresent()) {
            throw ApiException.badRequest(refused.get());
        }
        String name = target.name();
        return object -> labels.matches(object) && fields.matches(object)
                && (name == null || name.equals(object.path("metadata").path("name").asText()));
    }

    // ---------------------------------------------------------------- watch

    /**
     * A watch as kube-apiserver streams it: from {@code resourceVersion} (unset or "0": the current
     * objects as ADDED first), one JSON event per line, objects entering or leaving the selection
     * as ADDED or DELETED, BOOKMARKs when asked for, and an ERROR event with 410 Expired when the
     * history no longer reaches the version asked for (the client relists).
     */
    private void watch(HttpExchange exchange, Target target, Map<String, String> query) throws IOException, InterruptedException, ApiException {
        String upgrade = exchange.getRequestHeaders().getFirst("Upgrade");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            // No WebSocket here: a 200 makes fabric8 fall back to an HTTP streaming watch, as it does behind kubectl proxy.
            sendRaw(exchange, 200, new byte[0], "application/json");
            return;
        }
        Predicate<ObjectNode> filter = selection(target, query);
        ResourceType type = target.type();
        boolean table = Tables.wanted(accept(exchange));
        boolean bookmarks = "true".equals(query.get("allowWatchBookmarks"));
        long timeoutSeconds = parseLong(query.get("timeoutSeconds"), 0);
        if (timeoutSeconds <= 0) {
            timeoutSeconds = MIN_REQUEST_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextInt(MIN_REQUEST_TIMEOUT_SECONDS);
        }
        String namespace = type.namespaced() ? target.namespace() : null;
        LinkedBlockingQueue<ObjectStore.Change> queue = new LinkedBlockingQueue<>(WATCH_BUFFER + 1);
        AtomicBoolean overflow = new AtomicBoolean();
        java.util.function.Consumer<ObjectStore.Change> sink = change -> {
            if (queue.size() >= WATCH_BUFFER || !queue.offer(change)) {
                overflow.set(true);
            }
        };
        String since = query.getOrDefault("resourceVersion", "");
        List<ObjectNode> initial = List.of();
        ObjectStore.Subscription subscription;
        if (since.isEmpty() || since.equals("0")) {
            ObjectStore.Listing listing = store.listAndWatch(type.group(), type.plural(), namespace, sink);
            initial = listing.items();
            subscription = listing.subscription();
        } else {
            long from = parseLong(since, -1);
            if (from < 0) {
                throw ApiException.badRequest("resourceVersion: Invalid value: \"" + since + "\": must be a non-negative integer");
            }
            try {
                subscription = store.watch(type.group(), type.plural(), namespace, from, sink);
            } catch (ObjectStore.ExpiredException e) {
                startStream(exchange);
                OutputStream out = exchange.getResponseBody();
                ObjectNode event = JSON.createObjectNode().put("type", "ERROR");
                event.set("object", ApiException.gone(e.getMessage()).status().put("code", 410));
                writeEvent(out, event);
                return;
            }
        }
        openWatches.add(queue);
        try {
            startStream(exchange);
            OutputStream out = exchange.getResponseBody();
            for (ObjectNode object : initial) {
                if (filter.test(object)) {
                    emit(out, "ADDED", type, object, table);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
            while (!closed) {
                long now = System.nanoTime();
                if (now >= deadline || overflow.get()) {
                    return;
                }
                long wait = Math.min(deadline, bookmarks ? nextBookmark : deadline) - now;
                ObjectStore.Change change = queue.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
                if (change == END_OF_WATCH) {
                    return;
                }
                if (change == EXPIRED_WATCH) {
                    writeEvent(out, expired(since.isEmpty() ? "0" : since));
                    return;
                }
                if (change == null) {
                    if (bookmarks && System.nanoTime() >= nextBookmark) {
                        long revision = store.revision();
                        if (queue.isEmpty()) {
                            ObjectNode bookmark = JSON.createObjectNode().put("apiVersion", type.groupVersion()).put("kind", type.kind());
                            bookmark.putObject("metadata").put("resourceVersion", Long.toString(revision));
                            ObjectNode event = JSON.createObjectNode().put("type", "BOOKMARK");
                            event.set("object", bookmark);
                            writeEvent(out, event);
                        }
                        nextBookmark = System.nanoTime() + bookmarkInterval.toNanos();
                    }
                    continue;
                }
                String eventType = eventType(change, filter);
                if (eventType != null) {
                    emit(out, eventType, type, eventObject(change, eventType), table);
                }
            }
        } finally {
            openWatches.remove(queue);
            subscription.cancel();
        }
    }

    /**
     * The object an event carries: the object as written, except when it left the selection,
     * where kube-apiserver sends its previous state (the one that matched) with the new
     * resourceVersion (cacheWatcher.convertToWatchEvent).
     */
    private static ObjectNode eventObject(ObjectStore.Change change, String eventType) {
        if (eventType.equals("DELETED") && change.type() != ObjectStore.Change.Type.DELETED) {
            ObjectNode previous = change.previous().deepCopy();
            previous.withObjectProperty("metadata").put("resourceVersion", Long.toString(change.revision()));
            return previous;
        }
        return change.object().deepCopy();
    }

    /**
     * Ends every open watch stream cleanly, as a restarting kube-apiserver or a dropped
     * connection ends them: clients watch again from the last resourceVersion they saw.
     */
    public void endWatches() {
        for (LinkedBlockingQueue<ObjectStore.Change> queue : openWatches) {
            queue.offer(END_OF_WATCH);
        }
    }

    /**
     * Ends every open watch with an ERROR event carrying 410 Expired, as kube-apiserver ends a watch
     * whose resourceVersion fell out of its history: clients relist instead of resuming.
     */
    public void expireWatches() {
        for (LinkedBlockingQueue<ObjectStore.Change> queue : openWatches) {
            queue.offer(EXPIRED_WATCH);
        }
    }

    /** How a change appears to a watch with a selection: entering it is ADDED, leaving it DELETED (kube-apiserver's watch cache filter). */
    private static String eventType(ObjectStore.Change change, Predicate<ObjectNode> filter) {
        boolean now = change.type() != ObjectStore.Change.Type.DELETED && filter.test(change.object());
        boolean before = change.previous() != null && filter.test(change.previous());
        if (change.type() == ObjectStore.Change.Type.DELETED) {
            return before ? "DELETED" : null;
        }
        if (now && before) {
            return "MODIFIED";
        }
        if (now) {
            return "ADDED";
        }
        return before ? "DELETED" : null;
    }

    private static void startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache, private");
        exchange.sendResponseHeaders(200, 0);
    }

    private void emit(OutputStream out, String eventType, ResourceType type, ObjectNode object, boolean table) throws IOException {
        ObjectApi.served(type, object);
        ObjectNode event = JSON.createObjectNode().put("type", eventType);
        event.set("object", table ? Tables.table(type, List.of(object), object.path("metadata").path("resourceVersion").asText(null),
                null, true, clock.instant()) : object);
        writeEvent(out, event);
    }

    private static void writeEvent(OutputStream out, ObjectNode event) throws IOException {
        out.write(JSON.writeValueAsBytes(event));
        out.write('\n');
        out.flush();
    }

    // ---------------------------------------------------------------- patch and delete

    private void patch(HttpExchange exchange, Target target, WriteOptions options) throws IOException, ApiException {
        requireName(target);
        ResourceType type = target.type();
        String patchType = Patches.type(exchange.getRequestHeaders().getFirst("Content-Type"), type);
        byte[] raw = readBody(exchange);
        if (patchType.equals(Patches.APPLY_PATCH_YAML)) {
            ObjectNode applied = parseObject(raw, true);
            ObjectApi.Written written = objects.apply(type, target.namespace(), target.name(), applied, target.subresource(), options);
            send(exchange, written.created() ? 201 : 200, written.object(), written.warnings());
            return;
        }
        JsonNode patch = parse(raw, false);
        ObjectApi.Patcher patcher = switch (patchType) {
            case Patches.JSON_PATCH -> current -> asObject(Patches.jsonPatch(current, patch));
            case Patches.STRATEGIC_MERGE_PATCH -> current -> asObject(Patches.strategicMergePatch(current, patch));
            default -> current -> {
                if (!patch.isObject()) {
                    throw ApiException.badRequest("the server rejected our request due to an error in our request: a merge patch must be a JSON object");
                }
                return asObject(Patches.mergePatch(current, patch));
            };
        };
        ObjectApi.Written written = objects.patch(type, target.namespace(), target.name(), patcher, target.subresource(), options);
        send(exchange, 200, written.object(), written.warnings());
    }

    private static String patchTypeOrNull(HttpExchange exchange, Target target) {
        try {
            return Patches.type(exchange.getRequestHeaders().getFirst("Content-Type"), target.type());
        } catch (ApiException unsupported) {
            return null;
        }
    }

    private static ObjectNode asObject(JsonNode node) throws ApiException {
        if (!node.isObject()) {
            throw ApiException.badRequest("the patch did not result in an object");
        }
        return (ObjectNode) node;
    }

    private void delete(HttpExchange exchange, Target target, Map<String, String> query) throws IOException, ApiException {
        byte[] raw = readBody(exchange);
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : parse(raw, false);
        String policy = query.containsKey("propagationPolicy") ? query.get("propagationPolicy") : body.path("propagationPolicy").asText(null);
        if (policy == null && body.has("orphanDependents")) {
            policy = body.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
        }
        if (policy == null && query.containsKey("orphanDependents")) {
            policy = "true".equals(query.get("orphanDependents")) ? "Orphan" : "Background";
        }
        boolean dryRun = "All".equals(query.get("dryRun")) || body.path("dryRun").toString().contains("All");
        ObjectApi.DeleteOptions options = new ObjectApi.DeleteOptions(policy, body.path("preconditions").path("uid").asText(null),
                body.path("preconditions").path("resourceVersion").asText(null), dryRun);
        ResourceType type = target.type();
        if (target.name() == null) {
            // deletecollection: each selected object as if deleted alone; the answer lists them.
            Predicate<ObjectNode> filter = selection(target, query);
            ObjectStore.Listing listing = store.list(type.group(), type.plural(), type.namespaced() ? target.namespace() : null, filter);
            ObjectNode list = JSON.createObjectNode().put("apiVersion", type.groupVersion()).put("kind", type.kind() + "List");
            ArrayNode items = list.putArray("items");
            for (ObjectNode object : listing.items()) {
                try {
                    items.add(objects.delete(type, object.path("metadata").path("namespace").asText(null),
                            object.path("metadata").path("name").asText(), options).object());
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            list.putObject("metadata").put("resourceVersion", Long.toString(store.revision()));
            send(exchange, 200, list, List.of());
            return;
        }
        ObjectApi.Deleted deleted = objects.delete(type, target.namespace(), target.name(), options);
        if (deleted.deleted() && !type.custom()) {
            // Built-in kinds answer a Status once the object is gone; custom resources answer the object (kube's ReturnDeletedObject).
            ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
            status.putObject("metadata");
            status.put("status", "Success");
            status.putObject("details").put("name", target.name()).put("group", type.group()).put("kind", type.plural())
                    .put("uid", deleted.object().path("metadata").path("uid").asText());
            send(exchange, 200, status, List.of());
            return;
        }
        // handlers/delete.go: 202 Accepted when the object stays and cascading was asked for with orphanDependents=false.
        boolean orphanFalse = (body.has("orphanDependents") && !body.path("orphanDependents").asBoolean())
                || "false".equals(query.get("orphanDependents"));
        send(exchange, !deleted.deleted() && orphanFalse ? 202 : 200, deleted.object(), List.of());
    }

    private void podLog(HttpExchange exchange, Target target, Map<String, String> query) throws IOException, ApiException {
        ObjectNode pod = objects.get(target.type(), target.namespace(), target.name());
        String container = query.get("container");
        if (container == null) {
            JsonNode containers = pod.path("spec").path("containers");
            if (containers.size() == 1) {
                container = containers.get(0).path("name").asText();
            } else {
                throw ApiException.badRequest("a container name must be specified for pod " + target.name() + ", choose one of: "
                        + containers.findValuesAsText("name"));
            }
        }
        Optional<String> log = podLogs.log(target.namespace(), target.name(), container);
        if (log.isEmpty()) {
            throw ApiException.badRequest("container \"" + container + "\" in pod \"" + target.name() + "\" is waiting to start: no kubelet runs here");
        }
        sendRaw(exchange, 200, log.get().getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    // ---------------------------------------------------------------- bodies

    /**
     * {@code body}, unless its apiVersion names a version of the kind's group that is not served: no converter
     * takes an object from there (kube-apiserver answers 400 as for another group). A served version is
     * renamed to the request's (conversion None), and another group is refused, by ObjectApi.
     */
    private static ObjectNode servedVersion(ResourceRegistry types, ResourceType type, ObjectNode body) throws ApiException {
        JsonNode apiVersion = body.get("apiVersion");
        if (apiVersion == null || !apiVersion.isTextual() || apiVersion.asText().isEmpty() || type.group().isEmpty()) {
            return body;
        }
        String text = apiVersion.asText();
        int slash = text.indexOf('/');
        if (slash > 0 && text.substring(0, slash).equals(type.group()) && types.find(type.group(), text.substring(slash + 1), type.plural()).isEmpty()) {
            throw ApiException.badRequest("the API version in the data (" + text + ") does not match the expected API version ("
                    + type.groupVersion() + ")");
        }
        return body;
    }

    private ObjectNode readObject(HttpExchange exchange) throws IOException, ApiException {
        byte[] body = readBody(exchange);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith(ProtobufBodies.CONTENT_TYPE)) {
            return ProtobufBodies.toJson(body).orElseThrow(() -> ApiException.unsupportedMediaType(
                    "this API server reads protobuf only for namespaces, configmaps and secrets; send JSON or YAML"));
        }
        return parseObject(body, contentType != null && contentType.contains("yaml"));
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException, ApiException {
        return parse(readBody(exchange), false);
    }

    private static ObjectNode parseObject(byte[] body, boolean yaml) throws ApiException {
        JsonNode node = parse(body, yaml);
        if (!node.isObject()) {
            throw ApiException.badRequest("Object 'Kind' is missing in '" + new String(body, StandardCharsets.UTF_8) + "'");
        }
        return (ObjectNode) node;
    }

    private static JsonNode parse(byte[] body, boolean yaml) throws ApiException {
        JsonNode node;
        ObjectMapper reader = yaml ? YAML : JSON;
        try {
            node = reader.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the body of the request is empty");
            }
        } catch (JsonProcessingException e) {
            try {
                // Apply bodies are YAML, and JSON is YAML: read either.
                reader = YAML;
                node = YAML.readTree(body);
            } catch (IOException again) {
                throw ApiException.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the body of the request could not be read: " + e.getMessage());
        }
        if (beyondFloat64(node)) {
            throw ApiException.badRequest("the body of the request could not be decoded: strconv.ParseFloat: parsing \""
                    + beyondFloat64Text(reader, body) + "\": value out of range");
        }
        return node;
    }

    /**
     * Whether a number is past float64 (1e400): Go's json reads every number as int64 or float64 and refuses it
     * (apimachinery convertNumber), where Jackson reads Infinity, which would be stored as the string "Infinity".
     */
    private static boolean beyondFloat64(JsonNode node) {
        if (node.isNumber()) {
            return !node.isIntegralNumber() || !node.canConvertToLong() ? Double.isInfinite(node.doubleValue()) : false;
        }
        for (JsonNode child : node) {
            if (beyondFloat64(child)) {
                return true;
            }
        }
        return false;
    }

    /** The first such number as the body writes it, for the message. */
    private static String beyondFloat64Text(ObjectMapper reader, byte[] body) {
        try (com.fasterxml.jackson.core.JsonParser parser = reader.getFactory().createParser(body)) {
            for (com.fasterxml.jackson.core.JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isNumeric() && Double.isInfinite(parser.getValueAsDouble())) {
                    return parser.getText();
                }
            }
        } catch (IOException e) {
            // Read once already; the message just names no number then.
        }
        return "";
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static String accept(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Accept");
    }

    private static void send(HttpExchange exchange, int code, JsonNode body, List<String> warnings) throws IOException {
        for (String warning : warnings) {
            // RFC 7234 warning, code 299 and agent "-", as kube-apiserver sends them; kubectl prints "Warning: <text>".
            exchange.getResponseHeaders().add("Warning", "299 - " + JSON.writeValueAsString(warning));
        }
        sendRaw(exchange, code, JSON.writeValueAsBytes(body), "application/json");
    }

    private static void sendQuietly(HttpExchange exchange, int code, JsonNode body, List<String> warnings) {
        try {
            send(exchange, code, body, warnings);
        } catch (IOException ignored) {
            // The client has gone; nothing left to tell it.
        }
    }

    private static void sendRaw(HttpExchange exchange, int code, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
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

    private static long parseLong(String value, long otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
