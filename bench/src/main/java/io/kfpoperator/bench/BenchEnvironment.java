package io.kfpoperator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.http.ProviderServer;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every scenario runs against, in this JVM: an embedded API server, a provider service over
 * HTTP on a zero-latency simulated platform, and the controller. The API server is ours (the
 * apiserver module, kube-apiserver's semantics); the reconcile scenario also runs once on the
 * fabric8 mock API server (CRUD mode) that the bench used before, as a comparison baseline only.
 * Either way the requests the server receives are recorded, so scenarios can count writes.
 */
final class BenchEnvironment implements AutoCloseable {

    /** Which API server the environment runs. */
    enum Server {
        /** Our API server: what every scenario measures. */
        OURS("our API server"),
        /** The fabric8 mock in CRUD mode: the reconcile scenario's old figure, kept beside the new one for comparison. */
        FABRIC8_MOCK("fabric8 mock API server");

        final String description;

        Server(String description) {
            this.description = description;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The fabric8 mock logs every request through java.util.logging; held here so the setting sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final Server server;
    final KubernetesClient client;
    final SimulatedPlatform platform;
    final ProviderMetrics providerMetrics;
    /** The controller's meters, kept across restarts so reconciles can be counted. */
    private final io.micrometer.core.instrument.MeterRegistry controllerMetrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final ProviderServer providerService;
    private final ApiServer ours;
    private final KubernetesMockServer mock;
    /** "METHOD path?query" of every request our server received and no drain has counted yet. */
    private final Queue<String> requests = new ConcurrentLinkedQueue<>();
    private Operator operator;

    BenchEnvironment(Path repository) {
        this(repository, Server.OURS);
    }

    BenchEnvironment(Path repository, Server server) {
        this.server = server;
        if (server == Server.OURS) {
            ours = ApiServer.start(ApiServer.Options.defaults());
            ours.onRequest(r -> requests.add(r.method() + " " + r.path() + (r.query() == null || r.query().isEmpty() ? "" : "?" + r.query())));
            mock = null;
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(ours.uri().toString()).withNamespace("default").build();
            client = new KubernetesClientBuilder().withConfig(config).build();
        } else {
            ours = null;
            mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
            mock.init();
            client = mock.createClient();
        }
        Path crds = repository.resolve("helm/kfp-operator/crds");
        try (Stream<Path> files = Files.list(crds)) {
            for (Path file : files.sorted().toList()) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(YAML.readValue(file.toFile(), CustomResourceDefinition.class)).create();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CRDs in " + crds, e);
        }
        platform = new SimulatedPlatform("kfp-operator/simulated", SimulatedSettings.defaults(), Clock.systemUTC());
        providerMetrics = new ProviderMetrics("simulated");
        providerService = ProviderServer.start(platform, providerMetrics, ServerSettings.onPort(0));
    }

    void startController() {
        OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)),
                OperatorConfig.defaults().spec()).withContainerCompilation(OperatorConfig.ContainerCompilation.SIMULATED);
        // The mock has no server-side apply: there the controller patches as it did before (the old baseline's settings).
        operator = KfpOperatorController.operator(client, single, ProviderEndpoints.fixed(providerService.localUri()), Clock.systemUTC(),
                controllerMetrics, mock == null);
        operator.start();
    }

    void stopController() {
        if (operator != null) {
            operator.stop();
            operator = null;
        }
    }

    /**
     * Forgets our API server's watch history (as etcd compaction does), so a heap measurement holds
     * the stored objects but not every earlier version of them kept for watches to resume from.
     * Open watches go on; nothing to do on the mock, which keeps no history.
     */
    void compactHistory() {
        if (ours != null) {
            ours.compact();
        }
    }

    /** Reconciles the controller has finished since this environment started (every kind, every outcome). */
    long reconciles() {
        return (long) controllerMetrics.find("kfp_operator_reconcile_total").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    long providerCalls() {
        return (long) providerMetrics.registry().find("kfp_provider_platform_request_duration").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    /** Counts (and forgets) the requests recorded so far: writes = POST/PUT/PATCH/DELETE, Events excluded. */
    RequestCounts drainRequests() {
        return drainRequests(request -> false);
    }

    /** As {@link #drainRequests()}, not counting writes ("METHOD path") that {@code ignored} accepts. */
    RequestCounts drainRequests(java.util.function.Predicate<String> ignored) {
        long writes = 0;
        long total = 0;
        for (String request : takeRequests()) {
            total++;
            String method = request.substring(0, request.indexOf(' '));
            String path = request.substring(request.indexOf(' ') + 1);
            // Access reviews a client POSTs before it starts are questions, not writes.
            if (!method.equals("GET") && !path.contains("/events") && !path.startsWith("/apis/authorization.k8s.io/")
                    && !ignored.test(request)) {
                writes++;
            }
        }
        return new RequestCounts(total, writes);
    }

    private List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        if (mock != null) {
            try {
                RecordedRequest request;
                while ((request = mock.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                    taken.add(request.getMethod() + " " + request.getPath());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            String request;
            while ((request = requests.poll()) != null) {
                taken.add(request);
            }
        }
        return taken;
    }

    record RequestCounts(long total, long writes) {
    }

    @Override
    public void close() {
        stopController();
        providerService.close();
        providerMetrics.close();
        client.close();
        if (ours != null) {
            ours.close();
        }
        if (mock != null) {
            mock.destroy();
        }
    }
}
