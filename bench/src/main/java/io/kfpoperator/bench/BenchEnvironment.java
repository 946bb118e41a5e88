package io.kfpoperator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What every scenario runs against, in this JVM: the embedded API server (fabric8 mock, CRUD),
 * a provider service over HTTP on a zero-latency simulated platform, and the controller. The API
 * server records requests, so scenarios can count writes.
 */
final class BenchEnvironment implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The embedded API server logs every request through java.util.logging; held here so the setting sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final KubernetesMockServer apiServer;
    final KubernetesClient client;
    final SimulatedPlatform platform;
    final ProviderMetrics providerMetrics;
    final ProviderServer providerService;
    private Operator operator;

    BenchEnvironment(Path repository) {
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        apiServer.init();
        client = apiServer.createClient();
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
        operator = KfpOperatorController.operator(client, single, ProviderEndpoints.fixed(providerService.localUri()), Clock.systemUTC());
        operator.start();
    }

    void stopController() {
        if (operator != null) {
            operator.stop();
            operator = null;
        }
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
        try {
            RecordedRequest request;
            while ((request = apiServer.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                total++;
                if (!request.getMethod().equals("GET") && !request.getPath().contains("/events")
                        && !ignored.test(request.getMethod() + " " + request.getPath())) {
                    writes++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RequestCounts(total, writes);
    }

    record RequestCounts(long total, long writes) {
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
