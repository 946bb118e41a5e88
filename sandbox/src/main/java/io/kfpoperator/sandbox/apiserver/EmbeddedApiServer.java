package io.kfpoperator.sandbox.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's Kubernetes API: the fabric8 mock server in CRUD mode (the store) behind
 * {@link ApiServerFront} (what kubectl talks to). In-process components use {@link #client()},
 * which talks to the store directly.
 */
public final class EmbeddedApiServer implements AutoCloseable {

    /** Our CRDs as the api module generates them (the same files as helm/kfp-operator/crds). */
    public static final List<String> CRD_RESOURCES = List.of(
            "providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs").stream()
            .map(plural -> "META-INF/fabric8/" + plural + ".pipelines.kubeflow.org-v1.yml").toList();

    /**
     * The mock logs every request through java.util.logging at INFO; in the sandbox that is a line
     * per kubectl call and per watch poll. Held in a field because JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final KubernetesMockServer store;
    private final KubernetesClient client;
    private final ApiServerFront front;
    private final Thread drain;

    private EmbeddedApiServer(KubernetesMockServer store, KubernetesClient client, ApiServerFront front, Thread drain) {
        this.store = store;
        this.client = client;
        this.front = front;
        this.drain = drain;
    }

    /** Starts the store and the front on {@code host:port} (0: a free port) and installs our CRDs. */
    public static EmbeddedApiServer start(String host, int port, Clock clock) {
        KubernetesMockServer store = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        store.init();
        KubernetesClient client = store.createClient();
        // The mock records every request for test assertions; nobody reads them here, so discard
        // them or a long session's watches fill the heap.
        Thread drain = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    store.takeRequest(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-store-drain");
        drain.setDaemon(true);
        drain.start();
        try {
            installCrds(client);
            ApiServerFront front = ApiServerFront.start(URI.create("http://" + store.getHostName() + ":" + store.getPort()), host, port, clock);
            return new EmbeddedApiServer(store, client, front, drain);
        } catch (IOException | RuntimeException e) {
            drain.interrupt();
            client.close();
            store.destroy();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot serve the sandbox API on " + host + ":" + port + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void installCrds(KubernetesClient client) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String resource : CRD_RESOURCES) {
            try (InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("CRD " + resource + " is missing from the class path (kfp-operator-api jar)");
                }
                CustomResourceDefinition crd = yaml.readValue(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A client of the store itself, for the in-process controller and the sandbox's own writes. */
    public KubernetesClient client() {
        return client;
    }

    /** Where kubectl reaches the API. */
    public URI uri() {
        return front.uri();
    }

    public int port() {
        return front.port();
    }

    @Override
    public void close() {
        front.close();
        drain.interrupt();
        client.close();
        store.destroy();
    }
}
