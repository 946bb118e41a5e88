package io.kfpoperator.controller.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.apiserver.testing.TestCluster;
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
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * Everything a controller test needs, real where it can be: our in-process API server (the
 * apiserver module, kube-apiserver's semantics: namespaces must exist, garbage collection,
 * resourceVersion preconditions, status subresource) with our CRDs, a real provider service over
 * HTTP on the simulated platform, and the controller itself (JOSDK).
 */
public final class ControllerHarness implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public final ApiServer server;
    public final KubernetesClient client;
    public final SimulatedPlatform platform;
    public final ProviderServer providerService;
    private final ProviderMetrics providerMetrics;
    /** Every request the API server received since the last {@link #takeApiRequests()} or {@link #takeApiWrites()}. */
    private final Queue<HttpFront.Request> requests = new ConcurrentLinkedQueue<>();
    private Operator operator;

    public ControllerHarness() {
        this(null);
    }

    /**
     * With the provider service in front of {@code providerPlatform} instead of the simulated
     * platform (null: the simulated one); {@link #platform} is then not what the service serves.
     */
    public ControllerHarness(io.kfpoperator.provider.spi.PipelinePlatform providerPlatform) {
        // Bookmarks every second (kube-apiserver: about a minute): fabric8 counts a watch streamed over HTTP
        // as started at its first byte, and our server has no WebSocket, so the informers report healthy
        // (JOSDK's event-source health, the controller's /readyz) at the first event or bookmark.
        server = ApiServer.start(ApiServer.Options.defaults().withBookmarkInterval(java.time.Duration.ofSeconds(1)));
        server.onRequest(requests::add);
        client = TestCluster.client(server);
        installCrds(client);
        platform = new SimulatedPlatform("kfp-operator/simulated", SimulatedSettings.defaults(), Clock.systemUTC());
        providerMetrics = new ProviderMetrics("simulated");
        providerService = ProviderServer.start(recording(providerPlatform == null ? platform : providerPlatform),
                providerMetrics, ServerSettings.onPort(0));
    }

    private boolean compileInJobs;

    /** The controller's metrics. */
    public final io.micrometer.core.instrument.MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    /** Compile container frameworks in Jobs, as in production; the test plays the Job controller and kubelet. */
    public ControllerHarness compileInJobs() {
        compileInJobs = true;
        return this;
    }

    /** Pipelines the provider service received (definition, compiled pipeline), in order. */
    public final List<Object[]> receivedPipelines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** The platform as the provider service sees it, noting every pipeline it is given. */
    private io.kfpoperator.provider.spi.PipelinePlatform recording(io.kfpoperator.provider.spi.PipelinePlatform target) {
        return (io.kfpoperator.provider.spi.PipelinePlatform) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {io.kfpoperator.provider.spi.PipelinePlatform.class}, (proxy, method, args) -> {
                    if (method.getName().equals("createPipeline") || method.getName().equals("updatePipeline")) {
                        receivedPipelines.add(new Object[] {args[args.length - 2], args[args.length - 1]});
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * Starts the controller with {@code config}; every Provider is served by the harness's
     * provider service. No kubelet runs pods here, so container frameworks are compiled by the
     * simulated compiler unless {@link #compileInJobs()} (the test then plays the Job controller).
     */
    public ControllerHarness startController(OperatorConfig config) {
        return startController(config, ProviderEndpoints.fixed(providerService.localUri()));
    }

    /** As {@link #startController(OperatorConfig)}, every Provider served at {@code endpoints} (e.g. a stand-in). */
    public ControllerHarness startController(OperatorConfig config, ProviderEndpoints endpoints) {
        // One controller per test: no lease to contend for (LeaderElectionIT runs two).
        OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)), config.spec())
                .withContainerCompilation(compileInJobs ? OperatorConfig.ContainerCompilation.JOB : OperatorConfig.ContainerCompilation.SIMULATED);
        operator = KfpOperatorController.operator(client, single, endpoints, Clock.systemUTC(), registry);
        operator.start();
        return this;
    }

    public ControllerHarness startController() {
        return startController(OperatorConfig.defaults());
    }

    public void stopController() {
        if (operator != null) {
            operator.stop();
            operator = null;
        }
    }

    /**
     * Creates or replaces the resource described by {@code yaml}, as `kubectl apply` would: a
     * replace that raced with the controller's own write (409) is tried again on the fresh copy.
     */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T apply(String yaml) {
        HasMetadata resource;
        try {
            resource = Manifests.read(YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return (T) client.resource(resource).createOr(existing -> existing.update());
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Platform calls the provider service has handled so far (every operation, every outcome). */
    public long providerCalls() {
        return (long) providerMetrics.registry().find("kfp_provider_platform_request_duration").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    /** Creates namespaces (the server starts with default, kube-system, kube-public, kube-node-lease), as `kubectl create namespace` would. */
    public ControllerHarness createNamespaces(String... names) {
        for (String name : names) {
            server.createNamespace(name);
        }
        return this;
    }

    /** Every request the API server received since the last call (or {@link #takeApiWrites()}), in order of arrival. */
    public List<HttpFront.Request> takeApiRequests() {
        List<HttpFront.Request> taken = new java.util.ArrayList<>();
        HttpFront.Request request;
        while ((request = requests.poll()) != null) {
            taken.add(request);
        }
        return taken;
    }

    /** "METHOD path?query" of a request, the query left out when there is none. */
    public static String describe(HttpFront.Request request) {
        return request.method() + " " + request.path() + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
    }

    /**
     * Writes (POST, PUT, PATCH, DELETE) the API server received since the last call, as
     * "METHOD path"; Event writes are left out (they are records, not state), and so are the
     * access reviews clients POST before they start (questions, not writes).
     */
    public List<String> takeApiWrites() {
        List<String> writes = new java.util.ArrayList<>();
        for (HttpFront.Request request : takeApiRequests()) {
            if (!request.method().equals("GET") && !request.path().contains("/events")
                    && !request.path().startsWith("/apis/authorization.k8s.io/")) {
                writes.add(describe(request));
            }
        }
        return writes;
    }

    /** Argo's Workflow CRD (the reference copy), for tests of the argo engine. */
    public void installArgoCrds() {
        Path crd = repositoryRoot().resolve("reference/argo/minimal/argoproj.io_workflows.yaml");
        try {
            client.apiextensions().v1().customResourceDefinitions().resource(YAML.readValue(crd.toFile(), CustomResourceDefinition.class)).create();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void installCrds(KubernetesClient client) {
        Path crds = repositoryRoot().resolve("helm/kfp-operator/crds");
        try (Stream<Path> files = Files.list(crds)) {
            for (Path file : files.sorted().toList()) {
                CustomResourceDefinition crd = YAML.readValue(file.toFile(), CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("helm/kfp-operator/crds"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found");
        }
        return dir;
    }

    @Override
    public void close() {
        stopController();
        providerService.close();
        providerMetrics.close();
        client.close();
        server.close();
    }
}
