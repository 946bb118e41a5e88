package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.provider.ProviderDeployments;
import io.kfpoperator.providerservice.ProviderService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the chart's provider ServiceMonitor scrapes is served: the chart's configuration, loaded by
 * the real controller, gives the provider Service and Deployment the controller creates; the
 * Service port the ServiceMonitor names leads to a container port, and a real provider service
 * started with that container's environment answers {@code /metrics} there.
 */
class ProviderMetricsScrapeTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theServiceMonitorsPortOfAProviderServiceServesItsMetrics() throws Exception {
        int servicePort = PrometheusServer.freePort();
        Manifests chart = Helm.render("--set", "manager.monitoring.serviceMonitor.create=true",
                "--set", "provider.servicePort=" + servicePort);
        GenericKubernetesResource monitor = chart.generic("ServiceMonitor").stream()
                .filter(m -> m.getMetadata().getName().equals("kfp-operator-provider-services")).findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
        Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
        assertThat(spec.get("namespaceSelector")).isEqualTo(Map.of("any", true));

        Path file = dir.resolve("config.yaml");
        Files.writeString(file, chart.one(ConfigMap.class, "kfp-operator-config").getData().get("config.yaml"));
        OperatorConfig config = ConfigLoader.load(file, Map.of());
        Provider provider = YAML.readValue("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata: {name: simulated, namespace: team-a, uid: 0b5c-uid}
                spec: {serviceImage: ghcr.io/kfp-operator/kfp-operator:0.1.0, serviceAccount: kfp-operator-provider, pipelineRootStorage: file:///tmp/root}
                """, Provider.class);
        Service service = ProviderDeployments.service(provider, config.spec().defaultProviderValues());
        Deployment deployment = ProviderDeployments.deployment(provider, config.spec().defaultProviderValues());

        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
        ServicePort scraped = service.getSpec().getPorts().stream().filter(p -> p.getName().equals(endpoint.get("port")))
                .findFirst().orElseThrow(() -> new AssertionError("no Service port named " + endpoint.get("port")));
        assertThat(scraped.getPort()).isEqualTo(8081);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        int target = scraped.getTargetPort().getIntVal();
        assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(target));

        // The provider service as the container runs it: its environment, on this machine's loopback.
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null && List.of("SERVER_PORT", "PROVIDERNAME", "PIPELINEROOTSTORAGE").contains(var.getName())) {
                env.put(var.getName(), var.getValue());
            }
        }
        env.put("PLATFORM", "simulated");
        env.put("SERVER_HOST", "127.0.0.1");
        try (ProviderService running = ProviderService.start(io.kfpoperator.providerservice.ConfigLoader.load(null, env, Map.of()))) {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + target + endpoint.get("path"))).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE kfp_provider_events_sent_total counter");
        }
    }
}
