package io.kfpoperator.controller.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.controller.events.EventMetrics.Received;
import io.kfpoperator.controller.http.JdkHttpServers;
import io.kfpoperator.provider.events.RunCompletionEventData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /events}: the operator's run-completion endpoint. Answers
 * 200 once the event is recorded and every sink took it (or it was already processed);
 * 401 missing/wrong bearer token (when one is configured); 404 other paths; 405 other methods;
 * 413 bodies over 1 MiB; 415 content types other than {@code application/json} and
 * {@code application/cloudevents+json}; 400 empty, unreadable or incomplete events, naming the
 * field; 410 when neither the Run nor the RunConfiguration exists; 503 naming the sink that did not
 * take the event; 500 anything unexpected. Error bodies are {@code {"error": "..."}}, never a stack trace.
 */
public final class EventsEndpoint implements AutoCloseable {

    public static final String PATH = "/events";
    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int THREADS = 4;
    private static final int QUEUE = 64;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final RunCompletionProcessor processor;
    private final EventMetrics metrics;
    private final byte[] token;
    private final Predicate<String> acceptsWithoutToken;

    private EventsEndpoint(HttpServer server, ThreadPoolExecutor executor, RunCompletionProcessor processor, EventMetrics metrics, String token,
                           Predicate<String> acceptsWithoutToken) {
        this.server = server;
        this.executor = executor;
        this.processor = processor;
        this.metrics = metrics;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.acceptsWithoutToken = acceptsWithoutToken;
    }

    /**
     * Serves {@code processor} on {@code port} (0 = any free port) of every interface.
     *
     * @param token bearer token every request must carry; empty = none required
     */
    public static EventsEndpoint start(int port, String token, RunCompletionProcessor processor, EventMetrics metrics) {
        return start(port, token, processor, metrics, provider -> false);
    }

    /**
     * As above; an event without an Authorization header is still taken when
     * {@code acceptsWithoutToken} accepts the Provider it names ("namespace/name": one whose
     * service, a Go provider image, sends no token), and then only for that Provider's resources.
     */
    public static EventsEndpoint start(int port, String token, RunCompletionProcessor processor, EventMetrics metrics,
                                       Predicate<String> acceptsWithoutToken) {
        AtomicInteger threads = new AtomicInteger();
        // Bounded: a burst of senders queues up, and beyond the queue the accepting thread runs the
        // request itself, which stops it accepting more (back-pressure instead of unbounded memory).
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "events-endpoint-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            HttpServer server = JdkHttpServers.create(new InetSocketAddress(port), 0);
            EventsEndpoint endpoint = new EventsEndpoint(server, executor, processor, metrics, token, acceptsWithoutToken);
            server.createContext("/", endpoint::handle);
            server.setExecutor(executor);
            server.start();
            LOG.info("run completion endpoint listening on port {}{}", endpoint.port(), PATH);
            return endpoint;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot listen on port " + port + " for run completion events: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/events}, for senders on this machine. */
    public URI localUri() {
        return URI.create("http://127.0.0.1:" + port() + PATH);
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (RuntimeException e) {
                LOG.error("run completion request failed unexpectedly", e);
                answer = new Answer(500, Received.error, "internal error while processing the event; see the operator log");
            }
            metrics.received(answer.received()).increment();
            respond(exchange, answer);
        } catch (IOException e) {
            LOG.debug("could not answer a run completion request: {}", e.getMessage());
        }
    }

    private record Answer(int status, Received received, String message) {
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            return new Answer(404, Received.not_found, "no such path; events are POSTed to " + PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return new Answer(405, Received.method_not_allowed, "method " + exchange.getRequestMethod() + " is not allowed; use POST");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        // No header at all may be a Go provider image (it never sends one): its event decides, and
        // until it has, nothing about the body is revealed (every problem is a 401).
        boolean withoutToken = !authorised(authorization);
        if (withoutToken && authorization != null) {
            return unauthorized(exchange);
        }
        String mediaType = EventDecoder.mediaType(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!EventDecoder.supported(mediaType)) {
            return withoutToken ? unauthorized(exchange) : new Answer(415, Received.unsupported_media_type, "content type '" + mediaType
                    + "' is not supported; use " + EventDecoder.JSON + " or " + EventDecoder.CLOUDEVENTS_JSON);
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return withoutToken ? unauthorized(exchange) : new Answer(413, Received.too_large, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        RunCompletionEventData event;
        try {
            event = EventDecoder.decode(mediaType, body);
        } catch (InvalidEventException e) {
            return withoutToken ? unauthorized(exchange) : new Answer(400, Received.invalid, e.getMessage());
        }
        if (withoutToken && (EventDecoder.blank(event.provider()) || !acceptsWithoutToken.test(event.provider()))) {
            return unauthorized(exchange);
        }
        try {
            RunCompletionProcessor.Outcome outcome = processor.process(event, withoutToken ? event.provider() : null);
            return new Answer(outcome.httpStatus(), outcome.received(), outcome.message());
        } catch (KubernetesClientException e) {
            // The sender retries: an API server hiccup must not lose the event.
            LOG.warn("event {}: Kubernetes API call failed: {}", event.eventId(), e.getMessage());
            return new Answer(500, Received.error, "the Kubernetes API call failed (HTTP " + e.getCode() + "); try again");
        }
    }

    private static Answer unauthorized(HttpExchange exchange) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        return new Answer(401, Received.unauthorized, "a valid bearer token is required");
    }

    private boolean authorised(String header) {
        if (token == null) {
            return true;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Constant-time comparison: the time taken says nothing about how much of a guess was right.
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The body, or null when it exceeds the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        ObjectNode json = EventJson.MAPPER.createObjectNode();
        if (answer.status() >= 200 && answer.status() < 300) {
            json.put("outcome", answer.received().name()).put("message", answer.message());
        } else {
            json.put("error", answer.message());
        }
        byte[] bytes = EventJson.MAPPER.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops accepting requests, lets those in progress finish (up to a second), then stops the workers. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        LOG.info("run completion endpoint stopped");
    }
}
