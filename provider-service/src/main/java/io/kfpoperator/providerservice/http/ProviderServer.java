package io.kfpoperator.providerservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.PipelineRequest;
import io.kfpoperator.provider.contract.ProviderOutput;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.providerservice.Json;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider REST contract (docs/provider-service.md) over one {@link PipelinePlatform}, plus health and metrics.
 * Every answer to /resource is the ProviderOutput JSON; failures carry a readable providerError and
 * never a stack trace.
 */
public final class ProviderServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderServer.class);
    private static final String RESOURCE_PREFIX = "/resource/";
    /** {@code POST /resource/run/{id}/stop}: stop a running run and keep it (ours; DELETE stops and deletes). */
    private static final String STOP_SUFFIX = "/stop";
    /** Past this much, an oversized body is no longer drained and the connection is simply closed. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private final PipelinePlatform platform;
    private final ProviderMetrics metrics;
    private final ServerSettings settings;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on, the body
        // waits for the client's delayed ACK: 40 ms per request (a POST measured 44.8 ms, 2.4 ms with
        // TCP_NODELAY). The JDK reads the switch once, when its server configuration loads: before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private ProviderServer(PipelinePlatform platform, ProviderMetrics metrics, ServerSettings settings) throws IOException {
        this.platform = platform;
        this.metrics = metrics;
        this.settings = settings;
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        AtomicInteger threadNumber = new AtomicInteger();
        // Bounded: a burst queues up to a limit, then the acceptor thread serves requests itself,
        // which slows accepting down instead of growing memory without bound.
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.threads() * 16),
                r -> {
                    Thread t = new Thread(r, "provider-http-" + threadNumber.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Binds and starts serving; port 0 in the settings picks a free port (see {@link #port()}). */
    public static ProviderServer start(PipelinePlatform platform, ProviderMetrics metrics, ServerSettings settings) {
        try {
            ProviderServer s = new ProviderServer(platform, metrics, settings);
            s.server.start();
            LOG.info("provider service listening on {}:{}", settings.host(), s.port());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://localhost:PORT, for clients in the same process. */
    public URI localUri() {
        return URI.create("http://localhost:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        // Not try-with-resources: the exchange must stay open while the catch blocks answer.
        try {
            route(exchange);
        } catch (BadRequestException e) {
            LOG.info("rejected {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            respondJson(exchange, e.status(), ProviderOutput.ofError(null, e.getMessage()));
        } catch (PlatformException e) {
            respondPlatformFailure(exchange, null, e);
        } catch (Exception e) {
            LOG.error("unexpected failure handling {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            respondJson(exchange, 500, ProviderOutput.ofError(null, "internal error: " + e.getClass().getSimpleName()));
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        switch (path) {
            case "/livez" -> respondText(exchange, 200, "ok");
            case "/readyz", "/health" -> {
                boolean ready = isReady();
                respondText(exchange, ready ? 200 : 503, ready ? "ok" : "platform not ready");
            }
            case "/metrics" -> {
                requireMethod(exchange, "GET", "HEAD");
                byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", body);
            }
            default -> {
                if (!path.startsWith(RESOURCE_PREFIX)) {
                    drain(exchange);
                    throw new BadRequestException(404, "no such path: " + path);
                }
                resource(exchange, path.substring(RESOURCE_PREFIX.length()));
            }
        }
    }

    private boolean isReady() {
        try {
            return platform.isReady();
        } catch (RuntimeException e) {
            LOG.warn("platform readiness check failed: {}", e.getMessage());
            return false;
        }
    }

    private void resource(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String typeSegment = slash < 0 ? rest : rest.substring(0, slash);
        String rawId = slash < 0 ? "" : rest.substring(slash + 1);
        ResourceType type = ResourceType.fromPathSegment(typeSegment).orElse(null);
        String method = exchange.getRequestMethod();
        if (type == null) {
            drain(exchange);
            throw new BadRequestException(404, "unknown resource type '" + typeSegment + "'; expected one of "
                    + Arrays.stream(ResourceType.values()).map(ResourceType::pathSegment).collect(Collectors.joining(", ")));
        }
        if (rawId.isEmpty()) {
            requireMethod(exchange, "POST");
            Object definition = RequestBodies.parse(type, readBody(exchange), yamlBody(exchange));
            String id = metrics.timePlatformCall("create_" + type.pathSegment(), () -> create(type, definition));
            respondJson(exchange, 201, ProviderOutput.ofId(id));
            LOG.info("created {} {}", type.pathSegment(), id);
            return;
        }
        if (type == ResourceType.RUN && rawId.endsWith(STOP_SUFFIX) && rawId.length() > STOP_SUFFIX.length()) {
            // Ids arrive escaped (a '/' in an id is %2F), so a literal "/stop" after the id is the stop action.
            requireMethod(exchange, "POST");
            drain(exchange);
            String id = PathIds.decode(rawId.substring(0, rawId.length() - STOP_SUFFIX.length()));
            platformCall(exchange, id, () -> {
                metrics.timePlatformCall("stop_run", () -> {
                    platform.stopRun(id);
                    return null;
                });
                respondJson(exchange, 200, ProviderOutput.ofId(id));
                LOG.info("stopped run {}", id);
            });
            return;
        }
        String id = PathIds.decode(rawId);
        switch (method) {
            case "PUT" -> {
                Object definition = RequestBodies.parse(type, readBody(exchange), yamlBody(exchange));
                platformCall(exchange, id, () -> {
                    String newId = metrics.timePlatformCall("update_" + type.pathSegment(), () -> update(type, id, definition));
                    respondJson(exchange, 200, ProviderOutput.ofId(newId));
                    LOG.info("updated {} {}", type.pathSegment(), newId);
                });
            }
            case "DELETE" -> {
                drain(exchange);
                platformCall(exchange, id, () -> {
                    metrics.timePlatformCall("delete_" + type.pathSegment(), () -> {
                        delete(type, id);
                        return null;
                    });
                    respondJson(exchange, 200, ProviderOutput.ofId(null));
                    LOG.info("deleted {} {}", type.pathSegment(), id);
                });
            }
            default -> {
                drain(exchange);
                exchange.getResponseHeaders().set("Allow", "PUT, DELETE");
                throw new BadRequestException(405, "method " + method + " is not allowed on " + exchange.getRequestURI().getRawPath()
                        + "; use PUT or DELETE");
            }
        }
    }

    private static boolean yamlBody(HttpExchange exchange) {
        return RequestBodies.isYaml(exchange.getRequestHeaders().getFirst("Content-Type"));
    }

    /** Platform failures on an existing id answer with that id, as the contract's Output allows. */
    private void platformCall(HttpExchange exchange, String id, Runnable call) {
        try {
            call.run();
        } catch (PlatformException e) {
            respondPlatformFailure(exchange, id, e);
        }
    }

    private String create(ResourceType type, Object definition) {
        return switch (type) {
            case PIPELINE -> {
                PipelineRequest request = (PipelineRequest) definition;
                yield platform.createPipeline(request.pipelineDefinition(), request.compiledPipeline());
            }
            case EXPERIMENT -> platform.createExperiment((ExperimentDefinition) definition);
            case RUN_SCHEDULE -> platform.createRunSchedule((RunScheduleDefinition) definition);
            case RUN -> platform.createRun((RunDefinition) definition);
        };
    }

    private String update(ResourceType type, String id, Object definition) {
        return switch (type) {
            case PIPELINE -> {
                PipelineRequest request = (PipelineRequest) definition;
                yield platform.updatePipeline(id, request.pipelineDefinition(), request.compiledPipeline());
            }
            case EXPERIMENT -> platform.updateExperiment(id, (ExperimentDefinition) definition);
            case RUN_SCHEDULE -> platform.updateRunSchedule(id, (RunScheduleDefinition) definition);
            case RUN -> platform.updateRun(id, (RunDefinition) definition);
        };
    }

    private void delete(ResourceType type, String id) {
        switch (type) {
            case PIPELINE -> platform.deletePipeline(id);
            case EXPERIMENT -> platform.deleteExperiment(id);
            case RUN_SCHEDULE -> platform.deleteRunSchedule(id);
            case RUN -> platform.deleteRun(id);
        }
    }

    private void respondPlatformFailure(HttpExchange exchange, String id, PlatformException e) {
        int status = e.httpStatus();
        if (status >= 500 && status != 501) {
            LOG.warn("platform call failed for {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e);
        } else {
            LOG.info("platform refused {} {} ({}): {}", exchange.getRequestMethod(), exchange.getRequestURI(), status, e.getMessage());
        }
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        respondJson(exchange, status, ProviderOutput.ofError(id, message));
    }

    private static void requireMethod(HttpExchange exchange, String... allowed) throws IOException {
        if (Arrays.asList(allowed).contains(exchange.getRequestMethod())) {
            return;
        }
        drain(exchange);
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        throw new BadRequestException(405, "method " + exchange.getRequestMethod() + " is not allowed on "
                + exchange.getRequestURI().getRawPath() + "; use " + String.join(" or ", allowed));
    }

    /**
     * Reads at most maxBodyBytes. A larger body is drained (up to a bound) before answering 413, so
     * the client reads our answer instead of a reset connection.
     */
    private byte[] readBody(HttpExchange exchange) throws IOException {
        long limit = settings.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    drain(exchange);
                    throw tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw new BadRequestException(400, "Content-Length is not a number: " + declared);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > limit) {
                    drainRest(in);
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static BadRequestException tooLarge(long limit) {
        return new BadRequestException(413, "request body is larger than the limit of " + limit + " bytes");
    }

    private static void drain(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            drainRest(in);
        }
    }

    private static void drainRest(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < MAX_DRAIN_BYTES && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    private static void respondJson(HttpExchange exchange, int status, ProviderOutput output) {
        try {
            respond(exchange, status, "application/json", Json.MAPPER.writeValueAsBytes(output));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ProviderOutput is always serialisable", e);
        }
    }

    private static void respondText(HttpExchange exchange, int status, String text) {
        respond(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // The client went away; nothing left to tell it.
            LOG.debug("could not send response {}: {}", status, e.getMessage());
        }
    }
}
