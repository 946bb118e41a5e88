package io.kfpoperator.controller.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kfpoperator.controller.http.JdkHttpServers;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * What Kubernetes and Prometheus ask the controller: {@code /livez} and {@code /readyz} on the
 * health port, {@code /metrics} (Prometheus text) on the metrics port. The same port may serve
 * both (the sandbox does).
 */
public final class OperationsServer implements AutoCloseable {

    /** A readiness answer: ready or not, and a line saying why (shown to whoever asks). */
    public record Readiness(boolean ready, String detail) {
    }

    private final HttpServer health;
    private final HttpServer metrics;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "kfp-operator-operations");
        t.setDaemon(true);
        return t;
    });

    private OperationsServer(HttpServer health, HttpServer metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    /**
     * @param live      whether the process and its informers are alive
     * @param readiness whether it is ready, and why not
     */
    public static OperationsServer start(String host, int healthPort, int metricsPort, Supplier<Boolean> live,
                                         Supplier<Readiness> readiness, PrometheusMeterRegistry registry) throws IOException {
        HttpServer health = JdkHttpServers.create(new InetSocketAddress(host, healthPort), 0);
        // One server when both ports are the same fixed port; port 0 means "any free port" for each.
        HttpServer metrics = metricsPort == healthPort && metricsPort != 0 ? health : JdkHttpServers.create(new InetSocketAddress(host, metricsPort), 0);
        OperationsServer server = new OperationsServer(health, metrics);
        health.createContext("/livez", exchange -> {
            boolean alive = live.get();
            respond(exchange, alive ? 200 : 503, alive ? "ok\n" : "not live\n", "text/plain");
        });
        health.createContext("/readyz", exchange -> {
            Readiness r = readiness.get();
            respond(exchange, r.ready() ? 200 : 503, r.detail() + "\n", "text/plain");
        });
        metrics.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
        health.setExecutor(server.executor);
        health.start();
        if (metrics != health) {
            metrics.setExecutor(server.executor);
            metrics.start();
        }
        return server;
    }

    public int healthPort() {
        return health.getAddress().getPort();
    }

    public int metricsPort() {
        return metrics.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        health.stop(0);
        if (metrics != health) {
            metrics.stop(0);
        }
        executor.shutdownNow();
    }
}
