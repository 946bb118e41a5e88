package io.kfpoperator.providerservice.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the operator's /events endpoint: a real HTTP server that records every POST and
 * answers with a status chosen per event (by run id), so tests can make it refuse, vanish or 410.
 * Public in the test jar: platform modules' completion tests use it too.
 */
public final class OperatorEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByRunId = new ConcurrentHashMap<>();
    private volatile Function<String, Integer> defaultStatus = runId -> 200;
    private HttpServer server;

    private OperatorEndpoint(int port) {
        this.port = port;
    }

    /** An endpoint whose port is reserved but which is not listening yet (the operator is down). */
    public static OperatorEndpoint down() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new OperatorEndpoint(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OperatorEndpoint up() {
        return down().start();
    }

    public OperatorEndpoint start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", this::handle);
        server.start();
        return this;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/events");
    }

    public void answer(String runId, int status) {
        statusByRunId.put(runId, status);
    }

    public void answerByDefault(int status) {
        defaultStatus = runId -> status;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Run ids of every event received, in order. */
    public List<String> runIds() {
        return received.stream().map(r -> r.body().path("runId").asText()).toList();
    }

    /** Run ids of the events the endpoint acknowledged with a 2xx. */
    public List<String> acknowledgedRunIds() {
        return received.stream().filter(r -> r.status() / 100 == 2).map(r -> r.body().path("runId").asText()).toList();
    }

    public long receivedFor(String runId) {
        return received.stream().filter(r -> r.body().path("runId").asText().equals(runId)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String runId = body.path("runId").asText();
            int status = statusByRunId.getOrDefault(runId, defaultStatus.apply(runId));
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), status));
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    public record Received(JsonNode body, String contentType, String authorization, int status) {
    }
}
