package io.kfpoperator.provider.vertex;

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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operator's /events endpoint as the provider service sees it: a real HTTP server that answers
 * 200 and records each event body; {@link #down()} reserves a port nobody listens on yet.
 */
final class OperatorReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private OperatorReceiver(int port) {
        this.port = port;
    }

    static OperatorReceiver down() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new OperatorReceiver(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OperatorReceiver up() {
        return down().start();
    }

    OperatorReceiver start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", this::handle);
        server.start();
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/events");
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    List<String> runIds() {
        return received.stream().map(body -> body.path("runId").asText()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
