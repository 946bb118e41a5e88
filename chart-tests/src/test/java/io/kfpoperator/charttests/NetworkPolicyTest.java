package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {

    private static NetworkPolicy policy() {
        return Helm.renderAllTogglesOn().one(NetworkPolicy.class, "kfp-operator-controller-manager");
    }

    private static int port(NetworkPolicyIngressRule rule) {
        assertThat(rule.getPorts()).hasSize(1);
        return rule.getPorts().get(0).getPort().getIntVal();
    }

    @Test
    void eventsOnlyFromProviderServicePodsAndMetricsOnlyFromMonitoring() {
        NetworkPolicy policy = policy();
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "kfp-operator");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(ingress).hasSize(2);
        NetworkPolicyIngressRule events = ingress.stream().filter(r -> port(r) == 8082).findFirst().orElseThrow();
        NetworkPolicyIngressRule metrics = ingress.stream().filter(r -> port(r) == 8080).findFirst().orElseThrow();
        assertThat(events.getFrom()).singleElement().satisfies(peer ->
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "provider-service"));
        assertThat(metrics.getFrom()).singleElement().satisfies(peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
    }

    @Test
    void egressReachesTheApiServerProviderServicesAndNats() {
        var egress = policy().getSpec().getEgress();

        assertThat(egress).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getIpBlock()).isNotNull()
                    .extracting(io.fabric8.kubernetes.api.model.networking.v1.IPBlock::getCidr).isEqualTo("10.0.0.1/32"));
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443, 6443);
        });
        assertThat(egress).anySatisfy(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector()).isNotNull()
                    .extracting(io.fabric8.kubernetes.api.model.LabelSelector::getMatchLabels).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("app.kubernetes.io/component", "provider-service"));
            assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(8080);
        });
        assertThat(egress).anySatisfy(rule -> assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(4222));
    }

    @Test
    void offByDefault() {
        assertThat(Helm.renderDefaults().all(NetworkPolicy.class)).isEmpty();
    }
}
