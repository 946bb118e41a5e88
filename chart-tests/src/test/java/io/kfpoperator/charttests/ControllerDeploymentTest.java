package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The names, ports and hardening operators' runbooks rely on. */
class ControllerDeploymentTest {

    static final String DEPLOYMENT = "kfp-operator-controller-manager";

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", Helm.renderDefaults()),
                Arguments.of("all toggles on", Helm.renderAllTogglesOn()),
                Arguments.of("namespaced", Helm.renderNamespaced()));
    }

    private static Container manager(Manifests manifests) {
        Deployment deployment = manifests.one(Deployment.class, DEPLOYMENT);
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "manager".equals(c.getName())).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void controllerRunsNonRootReadOnlyWithoutPrivilegeEscalation(String name, Manifests manifests) {
        Deployment deployment = manifests.one(Deployment.class, DEPLOYMENT);
        var pod = deployment.getSpec().getTemplate().getSpec();
        SecurityContext container = manager(manifests).getSecurityContext();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getRunAsNonRoot()).isTrue();
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(pod.getVolumes()).filteredOn(v -> "tmp".equals(v.getName()))
                .singleElement().extracting(Volume::getEmptyDir).isNotNull();
        assertThat(manager(manifests).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(manager(manifests).getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(manager(manifests).getResources().getLimits()).containsKey("memory");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void probesLivezAndReadyzOnTheHealthPort(String name, Manifests manifests) {
        Container manager = manager(manifests);
        Probe liveness = manager.getLivenessProbe();
        Probe readiness = manager.getReadinessProbe();

        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(readiness.getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(liveness.getHttpGet().getPort().getStrVal()).isEqualTo("health");
        assertThat(readiness.getHttpGet().getPort().getStrVal()).isEqualTo("health");
        assertThat(manager.getStartupProbe().getHttpGet().getPath()).isEqualTo("/livez");
        assertThat(manager.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactlyInAnyOrder("metrics:8080", "health:8081", "events:8082", "webhook:9443");
    }

    @Test
    void runsTheControllerWithTheMountedConfigurationAndTheTokenFromTheSecret() {
        Manifests manifests = Helm.renderDefaults();
        Deployment deployment = manifests.one(Deployment.class, DEPLOYMENT);
        Container manager = manager(manifests);

        assertThat(manager.getArgs()).startsWith("controller", "--config", "/etc/kfp-operator/config.yaml");
        assertThat(manager.getArgs()).contains("spec.events.token=\"$(KFP_OPERATOR_EVENTS_TOKEN)\"");
        EnvVar token = manager.getEnv().stream().filter(e -> e.getName().equals("KFP_OPERATOR_EVENTS_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kfp-operator-events-token");
        assertThat(manager.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/kfp-operator");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("kfp-operator-config"));
        assertThat(manifests.one(io.fabric8.kubernetes.api.model.Secret.class, "kfp-operator-events-token").getData()).containsKey("token");
    }

    @Test
    void usesAnExistingTokenSecretWithoutCreatingOne() {
        Manifests manifests = Helm.render("--set", "manager.runcompletionWebhook.token.existingSecret=my-token");

        EnvVar token = manager(manifests).getEnv().stream().filter(e -> e.getName().equals("KFP_OPERATOR_EVENTS_TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-token");
        // The only Secret left is the webhook's certificate.
        assertThat(manifests.all(io.fabric8.kubernetes.api.model.Secret.class))
                .allSatisfy(secret -> assertThat(secret.getData()).containsOnlyKeys("ca.crt", "tls.crt", "tls.key"));
    }

    @Test
    void podsCarryTheLabelRunbooksSelectOn() {
        Deployment deployment = Helm.renderDefaults().one(Deployment.class, DEPLOYMENT);

        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("kfp-operator-system");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "kfp-operator");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "kfp-operator");
    }

    @Test
    void twoReplicasRunWithLeaderElection() {
        Manifests manifests = Helm.renderAllTogglesOn();

        assertThat(manifests.one(Deployment.class, DEPLOYMENT).getSpec().getReplicas()).isEqualTo(2);
        assertThat(ConfigMapTest.config(manifests).at("/system/leaderElection/enabled").asBoolean()).isTrue();
    }

    @Test
    void withoutLeaderElectionTheOldPodStopsBeforeTheNewOneStarts() {
        Manifests manifests = Helm.render("--set", "manager.leaderElection.enabled=false");

        assertThat(manifests.one(Deployment.class, DEPLOYMENT).getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(ConfigMapTest.config(manifests).at("/system/leaderElection/enabled").asBoolean(true)).isFalse();
        assertThat(Helm.renderDefaults().one(Deployment.class, DEPLOYMENT).getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    }

    @Test
    void servicesHaveTheNamesAndPortsRunbooksRelyOn() {
        Manifests manifests = Helm.renderDefaults();
        Service metrics = manifests.one(Service.class, "kfp-operator-metrics");
        Service events = manifests.one(Service.class, "kfp-operator-runcompletion-webhook-service");

        ServicePort metricsPort = metrics.getSpec().getPorts().get(0);
        assertThat(metricsPort.getPort()).isEqualTo(8080);
        assertThat(metricsPort.getTargetPort().getStrVal()).isEqualTo("metrics");
        ServicePort eventsPort = events.getSpec().getPorts().get(0);
        assertThat(eventsPort.getPort()).isEqualTo(80);
        assertThat(eventsPort.getTargetPort().getStrVal()).isEqualTo("events");
        assertThat(metrics.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "kfp-operator");
        assertThat(events.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "kfp-operator");
    }

    @Test
    void fullnameOverrideRenamesEverything() {
        Manifests manifests = Helm.render("--set", "fullnameOverride=ml-ops");

        assertThat(manifests.find(Deployment.class, "ml-ops-controller-manager")).isPresent();
        assertThat(manifests.find(Service.class, "ml-ops-metrics")).isPresent();
        assertThat(manifests.find(Service.class, "ml-ops-runcompletion-webhook-service")).isPresent();
    }
}
