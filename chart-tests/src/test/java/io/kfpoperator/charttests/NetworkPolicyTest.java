package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.provider.ProviderDeployments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's NetworkPolicy, on by default: who may reach which port of the controller pods,
 * evaluated as Kubernetes evaluates the rules against the pods the chart and the controller create.
 */
class NetworkPolicyTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> MONITORING_NS = Map.of("kubernetes.io/metadata.name", "monitoring");
    private static final Map<String, String> TEAM_NS = Map.of("kubernetes.io/metadata.name", "team-a");
    private static final Map<String, String> PROMETHEUS_POD = Map.of("app.kubernetes.io/name", "prometheus");

    @TempDir
    Path dir;

    // --- a small NetworkPolicy evaluator (matchLabels and matchExpressions, as the API defines them) ---

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A peer without a namespaceSelector means the policy's own namespace. */
    static boolean admits(NetworkPolicyPeer peer, String policyNamespace, String namespace, Map<String, String> namespaceLabels,
            Map<String, String> podLabels) {
        if (peer.getIpBlock() != null) {
            return false;
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null ? namespace.equals(policyNamespace)
                : matches(peer.getNamespaceSelector(), namespaceLabels);
        return namespaceOk && (peer.getPodSelector() == null || matches(peer.getPodSelector(), podLabels));
    }

    /** Whether a pod with {@code podLabels} in {@code namespace} may open a TCP connection to {@code port} of a controller pod. */
    static boolean reaches(NetworkPolicy policy, int port, String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        if (!policy.getSpec().getPolicyTypes().contains("Ingress")) {
            return true;
        }
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress() == null ? List.of() : policy.getSpec().getIngress();
        return rules.stream().anyMatch(rule -> {
            boolean portOk = rule.getPorts() == null || rule.getPorts().isEmpty()
                    || rule.getPorts().stream().anyMatch(p -> p.getPort() == null || p.getPort().getIntVal() == port);
            boolean peerOk = rule.getFrom() == null || rule.getFrom().isEmpty()
                    || rule.getFrom().stream().anyMatch(peer -> admits(peer, policy.getMetadata().getNamespace(), namespace, namespaceLabels, podLabels));
            return portOk && peerOk;
        });
    }

    // --- the chart's objects ------------------------------------------------------------------

    private static NetworkPolicy policy(Manifests manifests) {
        return manifests.one(NetworkPolicy.class, "kfp-operator-controller-manager");
    }

    private static int containerPort(Manifests manifests, String name) {
        Container controller = manifests.one(Deployment.class, "kfp-operator-controller-manager").getSpec().getTemplate().getSpec().getContainers().get(0);
        return controller.getPorts().stream().filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).findFirst().orElseThrow();
    }

    /** The labels of the provider service pods the controller creates from the chart's configuration. */
    private Map<String, String> providerPodLabels(Manifests manifests) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, manifests.one(ConfigMap.class, "kfp-operator-config").getData().get("config.yaml"));
        OperatorConfig config = ConfigLoader.load(file, Map.of());
        Provider provider = YAML.readValue("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata: {name: vai, namespace: team-a, uid: 1d2e-uid}
                spec: {serviceImage: ghcr.io/kfp-operator/kfp-operator:0.1.0, serviceAccount: kfp-operator-provider, pipelineRootStorage: gs://b/r}
                """, Provider.class);
        return ProviderDeployments.deployment(provider, config.spec().defaultProviderValues()).getSpec().getTemplate().getMetadata().getLabels();
    }

    @Test
    void onByDefaultOnlyProviderServicesReachEventsAndOnlyTheMonitoringNamespaceReachesMetrics() throws IOException {
        Manifests chart = Helm.renderDefaults();
        NetworkPolicy policy = policy(chart);
        int events = containerPort(chart, "events");
        int metrics = containerPort(chart, "metrics");
        Map<String, String> providerPod = providerPodLabels(chart);

        assertThat(matches(policy.getSpec().getPodSelector(),
                chart.one(Deployment.class, "kfp-operator-controller-manager").getSpec().getTemplate().getMetadata().getLabels()))
                .as("the policy selects the controller pods").isTrue();
        assertThat(reaches(policy, events, "team-a", TEAM_NS, providerPod)).as("a provider service pod reaches /events").isTrue();
        assertThat(reaches(policy, events, "team-a", TEAM_NS, Map.of("app", "notebook"))).as("another pod reaches /events").isFalse();
        assertThat(reaches(policy, events, "monitoring", MONITORING_NS, PROMETHEUS_POD)).as("Prometheus reaches /events").isFalse();
        assertThat(reaches(policy, metrics, "monitoring", MONITORING_NS, PROMETHEUS_POD)).as("Prometheus reaches /metrics").isTrue();
        assertThat(reaches(policy, metrics, "team-a", TEAM_NS, providerPod)).as("a provider pod reaches /metrics").isFalse();
        assertThat(reaches(policy, metrics, "default", Map.of("kubernetes.io/metadata.name", "default"), PROMETHEUS_POD))
                .as("a scraper outside the monitoring namespace").isFalse();
        // Egress is opt-in: a default install does not need the cluster's API server address.
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void wideningLetsAPrometheusElsewhereAndExtraPeersIn() {
        Manifests chart = Helm.render(
                "--set", "networkPolicy.monitoringNamespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=observability",
                "--set", "networkPolicy.monitoringPodSelector.matchLabels.app\\.kubernetes\\.io/name=prometheus",
                "--set-json", "networkPolicy.extraIngress=[{\"from\":[{\"podSelector\":{\"matchLabels\":{\"app\":\"debug\"}}}]}]");
        NetworkPolicy policy = policy(chart);
        int metrics = containerPort(chart, "metrics");
        Map<String, String> observability = Map.of("kubernetes.io/metadata.name", "observability");

        assertThat(reaches(policy, metrics, "observability", observability, PROMETHEUS_POD)).isTrue();
        assertThat(reaches(policy, metrics, "observability", observability, Map.of("app", "grafana"))).isFalse();
        assertThat(reaches(policy, metrics, "monitoring", MONITORING_NS, PROMETHEUS_POD)).isFalse();
        assertThat(reaches(policy, containerPort(chart, "events"), "kfp-operator-system", Map.of(), Map.of("app", "debug")))
                .as("extraIngress: a pod of the controller's namespace").isTrue();
    }

    @Test
    void restrictEgressReachesTheApiServerProviderServicesAndNats() {
        NetworkPolicy policy = policy(Helm.renderAllTogglesOn());
        var egress = policy.getSpec().getEgress();

        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(egress).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getIpBlock()).isNotNull()
                    .extracting(io.fabric8.kubernetes.api.model.networking.v1.IPBlock::getCidr).isEqualTo("10.0.0.1/32"));
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443, 6443);
        });
        assertThat(egress).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector()).isNotNull()
                    .extracting(LabelSelector::getMatchLabels).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("app.kubernetes.io/component", "provider-service"));
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8080);
        });
        assertThat(egress).anySatisfy(rule -> assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(4222));
    }

    @Test
    void canBeSwitchedOff() {
        assertThat(Helm.render("--set", "networkPolicy.enabled=false").all(NetworkPolicy.class)).isEmpty();
    }
}
