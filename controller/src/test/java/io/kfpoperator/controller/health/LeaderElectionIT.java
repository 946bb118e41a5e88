package io.kfpoperator.controller.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.http.ProviderServer;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two controllers share a Lease: one reconciles; when it stops, the other takes over. */
class LeaderElectionIT {

    private static final String LEASE = "kfp-operator-test-lock";

    private static OperatorConfig config(String identity) {
        OperatorConfig.LeaderElection election = new OperatorConfig.LeaderElection(true, LEASE, "default", identity,
                Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(250), false);
        return new OperatorConfig(new OperatorConfig.SystemConfig(election), OperatorConfig.defaults().spec());
    }

    @Test
    void standbyTakesOverWhenTheLeaderStops() {
        // The operator SDK asks whether it may use Leases before it campaigns: the
        // server answers its SelfSubjectRulesReview as an AlwaysAllow authorizer does.
        ApiServer apiServer = ApiServer.start(ApiServer.Options.defaults());
        apiServer.createNamespace("kfp-operator");
        KubernetesClient client = TestCluster.client(apiServer);
        SimulatedPlatform platform = new SimulatedPlatform("kfp-operator/simulated", SimulatedSettings.defaults(), Clock.systemUTC());
        try (ProviderMetrics metrics = new ProviderMetrics("simulated");
             ProviderServer providerService = ProviderServer.start(platform, metrics, ServerSettings.onPort(0))) {
            ControllerHarness.installCrds(client);
            client.resource(io.kfpoperator.api.manifest.Manifests.read(yaml(ControllerTestBase.PROVIDER))).create();
            ProviderEndpoints endpoints = ProviderEndpoints.fixed(providerService.localUri());
            Operator first = KfpOperatorController.operator(client, config("first"), endpoints, Clock.systemUTC());
            Operator second = KfpOperatorController.operator(client, config("second"), endpoints, Clock.systemUTC());
            first.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> holder(client).equals("first"));
            second.start();

            client.resource(io.kfpoperator.api.manifest.Manifests.read(yaml(Manifests.experiment("one", "led by first")))).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded(client, "one"));
            assertThat(holder(client)).isEqualTo("first");

            first.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> holder(client).equals("second"));
            client.resource(io.kfpoperator.api.manifest.Manifests.read(yaml(Manifests.experiment("two", "led by second")))).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded(client, "two"));
            assertThat(platform.experiments()).hasSize(2);
            second.stop();
        } finally {
            client.close();
            apiServer.close();
        }
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
    }

    private static boolean succeeded(KubernetesClient client, String name) {
        Experiment e = client.resources(Experiment.class).inNamespace("default").withName(name).get();
        return e != null && e.getStatus() != null && Conditions.synchronizationState(e.getStatus().getConditions()) == SynchronizationState.SUCCEEDED;
    }

    private static com.fasterxml.jackson.databind.JsonNode yaml(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
