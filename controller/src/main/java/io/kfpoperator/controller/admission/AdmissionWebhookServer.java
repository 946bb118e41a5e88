package io.kfpoperator.controller.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.http.JdkHttpServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validating admission webhook over HTTPS: {@code POST} an {@code admission.k8s.io/v1
 * AdmissionReview} to {@code /validate} or to one of the Go operator's paths
 * ({@code /validate-pipelines-kubeflow-org-v1beta1-pipeline}, …), so a ValidatingWebhookConfiguration
 * written for the Go operator works unchanged. Every path runs the same checks; the kind comes from
 * the object. Answers 200 with the review's response; 400 a review it cannot read, naming the
 * field; 404 other paths; 405 other methods; 413 bodies over 3 MiB (kube-apiserver's own limit);
 * 415 a body that is not JSON.
 */
public final class AdmissionWebhookServer implements AutoCloseable {

    public static final String PATH = "/validate";
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhookServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 3 << 20;
    private static final int THREADS = 4;

    private final HttpsServer server;
    private final ThreadPoolExecutor executor;
    private final ResourceAdmission admission;

    private AdmissionWebhookServer(HttpsServer server, ThreadPoolExecutor executor, ResourceAdmission admission) {
        this.server = server;
        this.executor = executor;
        this.admission = admission;
    }

    /** Serves on {@code port} (0 = a free one) with {@code tls.crt} and {@code tls.key} of {@code certDir}, reading Providers with {@code client}. */
    public static AdmissionWebhookServer start(int port, Path certDir, KubernetesClient client) {
        return start(port, certDir, new ResourceAdmission(name -> provider(client, name)));
    }

    public static AdmissionWebhookServer start(int port, Path certDir, ResourceAdmission admission) {
        PemKeyManager keys;
        try {
            keys = new PemKeyManager(certDir.resolve("tls.crt"), certDir.resolve("tls.key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("webhook certificate in " + certDir + " (spec.webhook.certDir): " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread thread = new Thread(r, "admission-webhook-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[] {keys}, null, null);
            HttpsServer server = JdkHttpServers.createHttps(new InetSocketAddress(port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            AdmissionWebhookServer webhook = new AdmissionWebhookServer(server, executor, admission);
            server.createContext("/", webhook::handle);
            server.setExecutor(executor);
            server.start();
            LOG.info("validating admission webhook listening on port {} (https, {})", webhook.port(), PATH);
            return webhook;
        } catch (IOException | GeneralSecurityException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot serve the admission webhook on port " + port + " (spec.webhook.port): " + e.getMessage(), e);
        }
    }

    private static Provider provider(KubernetesClient client, NamespacedName name) {
        return client.resources(Provider.class).inNamespace(name.namespace()).withName(name.name()).get();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Answer(int status, ObjectNode body) {
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (RuntimeException e) {
                LOG.error("admission review failed unexpectedly", e);
                answer = new Answer(500, JSON.createObjectNode().put("error", "internal error while reviewing; see the operator log"));
            }
            byte[] bytes = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            LOG.debug("could not answer an admission review: {}", e.getMessage());
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        // Read first, whatever the answer: a body left unread stalls the client's next request on this connection.
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(PATH) && !path.startsWith(PATH + "-")) {
            return error(404, "no such path; AdmissionReviews are POSTed to " + PATH);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return error(405, "method " + exchange.getRequestMethod() + " is not allowed; use POST");
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return error(415, "content type '" + type + "' is not supported; use application/json");
        }
        if (body.length > MAX_BODY_BYTES) {
            return error(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        AdmissionReviews.Request request;
        try {
            request = AdmissionReviews.parse(body);
        } catch (AdmissionReviews.MalformedReviewException e) {
            return error(400, e.getMessage());
        }
        try {
            ResourceAdmission.Decision decision = admission.review(request.operation(), request.subResource(), request.object(), request.oldObject());
            if (decision.allowed()) {
                return new Answer(200, AdmissionReviews.allowed(request.uid()));
            }
            return new Answer(200, AdmissionReviews.denied(request.uid(), request.object(), decision.violations()));
        } catch (KubernetesClientException e) {
            // Undecided, not admitted: the Provider could not be read. The user retries.
            LOG.warn("admission review {}: reading the Provider failed: {}", request.uid(), e.getMessage());
            return new Answer(200, AdmissionReviews.failed(request.uid(), 500, "could not read the Provider (HTTP " + e.getCode() + "); try again"));
        }
    }

    private static Answer error(int status, String message) {
        ObjectNode body = JSON.createObjectNode().put("error", message);
        return new Answer(status, body);
    }

    /** Stops accepting reviews; those in progress finish (up to a second). */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        LOG.info("validating admission webhook stopped");
    }
}
