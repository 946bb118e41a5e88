package io.kfpoperator.controller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider service that behaves as the Go operator's provider images do (provider-service/base
 * of sky-uk/kfp-operator): routes POST /resource/{type}/, PUT and DELETE /resource/{type}/{id};
 * answers 201/200 with {@code {"id"}}, 400 {@code {"providerError"}} for a body that is not JSON,
 * 501 for an update of a run, 500 {@code {"providerError"}} for every platform error, and a plain
 * "404 page not found" from its router. Its creates are not idempotent: every POST makes a new
 * object with a new id, as KFP does for runs and recurring runs. Faults are queued per type.
 */
public final class GoProviderStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TYPES = List.of("pipeline", "experiment", "runschedule", "run");

    /** One object on the platform. */
    public record PlatformObject(String type, String id, String name, JsonNode body) {
    }

    /** What to do with the next request of a type instead of answering normally. */
    private sealed interface Fault {
    }

    private record Answer(int status, String providerError) implements Fault {
    }

    /** Commit the create, then close the connection without answering. */
    private record LoseAnswer() implements Fault {
    }

    /** Hold the request (nothing committed) until released, then answer normally. */
    private record Hold(CountDownLatch release) implements Fault {
    }

    private final HttpServer server;
    private final Map<String, PlatformObject> objects = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<CountDownLatch> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    public GoProviderStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "go-provider-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next request of {@code type} is answered {@code status} with {@code providerError}, changing nothing. */
    public GoProviderStandIn answerNext(String type, int status, String providerError) {
        queue(type).add(new Answer(status, providerError));
        return this;
    }

    /** The next create of {@code type} makes its object, then the connection is closed without an answer. */
    public GoProviderStandIn loseAnswerToNextCreate(String type) {
        queue(type).add(new LoseAnswer());
        return this;
    }

    /** The next request of {@code type} waits, before doing anything, until the one after it arrives; then it is dropped unanswered. */
    public GoProviderStandIn holdNextUntilAnother(String type) {
        queue(type).add(new Hold(new CountDownLatch(1)));
        return this;
    }

    /** Puts an object on the platform as the Go operator left it (no call counted). */
    public GoProviderStandIn existing(String type, String id, String name) {
        objects.put(id, new PlatformObject(type, id, name, JSON.createObjectNode()));
        return this;
    }

    /** Removes an object, as a user cleaning up the platform would. */
    public void remove(String id) {
        objects.remove(id);
    }

    /** Objects of {@code type} named {@code name} ("namespace/name"). */
    public List<PlatformObject> objects(String type, String name) {
        return objects.values().stream().filter(o -> o.type().equals(type) && o.name().equals(name)).toList();
    }

    public List<PlatformObject> objects(String type) {
        return objects.values().stream().filter(o -> o.type().equals(type)).toList();
    }

    /** Requests received, e.g. {@code calls("POST", "run")}, whatever their answer. */
    public int calls(String method, String type) {
        AtomicInteger n = calls.get(method + " " + type);
        return n == null ? 0 : n.get();
    }

    /** Every request received, "METHOD path body", in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Every create and update received, of every type. */
    public int writes() {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith("POST ") || e.getKey().startsWith("PUT "))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private Deque<Fault> queue(String type) {
        return faults.computeIfAbsent(type, t -> new ConcurrentLinkedDeque<>());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getRawPath().split("/", -1);
        // "", "resource", type, [id | ""]
        if (path.length < 3 || !path[1].equals("resource") || !TYPES.contains(path[2]) || path.length > 4) {
            text(exchange, 404, "404 page not found\n");
            return;
        }
        String type = path[2];
        String id = path.length == 4 ? URLDecoder.decode(path[3], StandardCharsets.UTF_8) : "";
        String method = exchange.getRequestMethod();
        boolean create = method.equals("POST") && id.isEmpty();
        if (!create && !(method.equals("PUT") || method.equals("DELETE")) || !create && id.isEmpty()) {
            text(exchange, method.equals("POST") || id.isEmpty() ? 405 : 404, "");
            return;
        }
        calls.computeIfAbsent(method + " " + type, k -> new AtomicInteger()).incrementAndGet();
        for (CountDownLatch latch : held) {
            latch.countDown(); // another request arrived: a held one may go on
        }
        byte[] raw = exchange.getRequestBody().readAllBytes();
        requests.add(method + " " + exchange.getRequestURI().getRawPath() + " " + new String(raw, StandardCharsets.UTF_8));
        Fault fault = queue(type).poll();
        if (fault instanceof Hold hold) {
            held.add(hold.release());
            try {
                hold.release().await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stand-in drops a held request");
        }
        if (fault instanceof Answer answer) {
            output(exchange, answer.status(), id, answer.providerError());
            return;
        }
        JsonNode body = null;
        if (!method.equals("DELETE")) {
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                output(exchange, 400, id, "invalid character in JSON: " + e.getMessage());
                return;
            }
        }
        switch (method) {
            case "POST" -> {
                String newId = UUID.randomUUID().toString();
                objects.put(newId, new PlatformObject(type, newId, name(type, body), body));
                if (fault instanceof LoseAnswer) {
                    throw new IOException("stand-in drops the connection after committing the create");
                }
                output(exchange, 201, newId, null);
            }
            case "PUT" -> {
                if (type.equals("run")) {
                    output(exchange, 501, id, "Method Update unimplemented for resource run");
                } else if (!objects.containsKey(id)) {
                    output(exchange, 500, id, "rpc error: code = NotFound desc = " + type + " " + id + " not found");
                } else {
                    objects.put(id, new PlatformObject(type, id, name(type, body), body));
                    output(exchange, 200, id, null);
                }
            }
            default -> {
                if (objects.remove(id) == null && !type.equals("run")) {
                    output(exchange, 500, id, "rpc error: code = NotFound desc = " + type + " " + id + " not found");
                } else {
                    output(exchange, 200, "", null);
                }
            }
        }
    }

    private static String name(String type, JsonNode body) {
        JsonNode name = type.equals("pipeline") ? body.path("pipelineDefinition").path("name") : body.path("name");
        return name.asText("");
    }

    private static void output(HttpExchange exchange, int status, String id, String providerError) throws IOException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (id != null && !id.isEmpty()) {
            out.put("id", id);
        }
        if (providerError != null) {
            out.put("providerError", providerError);
        }
        byte[] bytes = JSON.writeValueAsBytes(out);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void text(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        held.forEach(CountDownLatch::countDown);
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** For assertions' messages. */
    @Override
    public String toString() {
        return "GoProviderStandIn" + new ArrayList<>(objects.values());
    }
}
