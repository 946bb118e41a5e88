package io.kfpoperator.controller.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.kfpoperator.api.manifest.Manifests;
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
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a controller test needs, real where it can be: the fabric8 mock API server in CRUD
 * mode with our CRDs, a real provider service over HTTP on the simulated platform, and the
 * controller itself (JOSDK, server-side apply off as the mock requires).
 */
public final class ControllerHarness implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public final KubernetesMockServer apiServer;
    public final KubernetesClient client;
    public final SimulatedPlatform platform;
    public final ProviderServer providerService;
    private final ProviderMetrics providerMetrics;
    private Operator operator;

    public ControllerHarness() {
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        apiServer.init();
        client = apiServer.createClient();
        installCrds(client);
        platform = new SimulatedPlatform("kfp-operator/simulated", SimulatedSettings.defaults(), Clock.systemUTC());
        providerMetrics = new ProviderMetrics("simulated");
        providerService = ProviderServer.start(platform, providerMetrics, ServerSettings.onPort(0));
    }

    /** Starts the controller with {@code config}; every Provider is served by the harness's provider service. */
    public ControllerHarness startController(OperatorConfig config) {
        // One controller per test: no lease to contend for (the mock API server cannot answer the access review it needs).
        OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)), config.spec());
        operator = KfpOperatorController.operator(client, single, ProviderEndpoints.fixed(providerService.localUri()), Clock.systemUTC());
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

    /** Creates the resource described by {@code yaml}, as `kubectl create` would. */
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T apply(String yaml) {
        try {
            HasMetadata resource = Manifests.read(YAML.readTree(yaml));
            return (T) client.resource(resource).createOr(existing -> existing.update());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Platform calls the provider service has handled so far (every operation, every outcome). */
    public long providerCalls() {
        return (long) providerMetrics.registry().find("kfp_provider_platform_request_duration").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    /**
     * Writes (POST, PUT, PATCH, DELETE) the API server received since the last call, as
     * "METHOD path"; Event writes are left out (they are records, not state).
     */
    public List<String> takeApiWrites() {
        List<String> writes = new java.util.ArrayList<>();
        try {
            io.fabric8.mockwebserver.http.RecordedRequest request;
            while ((request = apiServer.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                String method = request.getMethod();
                if (!method.equals("GET") && !request.getPath().contains("/events")) {
                    writes.add(method + " " + request.getPath());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return writes;
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
        apiServer.destroy();
    }
}
