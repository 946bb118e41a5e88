package io.kfpoperator.controller.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.config.OperatorConfig.DefaultProviderValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderDeploymentsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String PROVIDER = """
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: Provider
            metadata: {name: vai, namespace: ml, uid: 7f3c-uid, generation: 3}
            spec:
              serviceImage: ghcr.io/kfp-operator/vai-provider:1.2.3
              serviceAccount: vai-provider
              pipelineRootStorage: gs://bucket/root
              parameters:
                project: my-project
                maxConcurrentRuns: 5
                labels: {team: ml, tier: gold}
                enabled: true
            """;

    private static final DefaultProviderValues DEFAULTS = new DefaultProviderValues(2, "provider-service", 8080, 8081,
            Map.of("team", "platform", "app", "ignored"), null);

    @Test
    void deploymentRunsTheServiceImageWithTheOperatorsEnvSortedByName() {
        Deployment deployment = ProviderDeployments.deployment(provider(PROVIDER), DEFAULTS);

        Container container = serviceContainer(deployment);
        assertThat(container.getImage()).isEqualTo("ghcr.io/kfp-operator/vai-provider:1.2.3");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
                tuple("PARAMETERS_ENABLED", "true"),
                tuple("PARAMETERS_LABELS", "{\"team\":\"ml\",\"tier\":\"gold\"}"),
                tuple("PARAMETERS_MAXCONCURRENTRUNS", "5"),
                tuple("PARAMETERS_PROJECT", "my-project"),
                tuple("PIPELINEROOTSTORAGE", "gs://bucket/root"),
                tuple("PROVIDERNAME", "ml/vai"));
        assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(tuple("http", 8080));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("vai-provider");
    }

    @Test
    void deploymentIsNamedLabelledAndOwnedByTheProvider() {
        Deployment deployment = ProviderDeployments.deployment(provider(PROVIDER), DEFAULTS);

        assertThat(deployment.getMetadata().getGenerateName()).isEqualTo("provider-vai-");
        assertThat(deployment.getMetadata().getName()).isNull();
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("ml");
        // The configured labels are kept, but the app label is always ours: the selector depends on it.
        assertThat(deployment.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "platform", "app", "provider-vai"));
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("app", "provider-vai"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "provider-vai");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertOwnedByProvider(deployment.getMetadata().getOwnerReferences().get(0));
    }

    @Test
    void serviceExposesHttpAndMetricsOfTheProviderPodsBothOnThePortThatServesThem() {
        Service service = ProviderDeployments.service(provider(PROVIDER), DEFAULTS);

        assertThat(service.getMetadata().getGenerateName()).isEqualTo("provider-vai-");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("ml");
        assertThat(service.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "platform", "app", "provider-vai"));
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).containsExactlyEntriesOf(Map.of("app", "provider-vai"));
        assertThat(service.getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort().getIntVal(), ServicePort::getProtocol)
                .containsExactly(tuple("http", 8080, 8080, "TCP"), tuple("metrics", 8081, 8080, "TCP"));
        assertOwnedByProvider(service.getMetadata().getOwnerReferences().get(0));
    }

    @Test
    void podTemplateOfTheConfigurationIsTheBaseAndProviderEntriesOverrideByKey() {
        DefaultProviderValues defaults = new DefaultProviderValues(1, "provider-service", 8080, 8081, Map.of(), json("""
                metadata: {labels: {sidecar.istio.io/inject: "false"}}
                spec:
                  securityContext: {runAsNonRoot: true}
                  volumes:
                  - {name: config, configMap: {name: base-config}}
                  - {name: scratch, emptyDir: {}}
                  containers:
                  - name: log-shipper
                    image: shipper:1
                  - name: provider-service
                    env:
                    - {name: LOG_LEVEL, value: info}
                    - {name: HTTP_PROXY, value: http://proxy:3128}
                    volumeMounts:
                    - {name: config, mountPath: /etc/config}
                """));
        Provider provider = provider(PROVIDER + """
                  podTemplateEnv:
                  - {name: LOG_LEVEL, value: debug}
                  - {name: GOOGLE_APPLICATION_CREDENTIALS, value: /var/secrets/key.json}
                  podTemplateVolumes:
                  - {name: config, configMap: {name: vai-config}}
                  - {name: key, secret: {secretName: vai-key}}
                  podTemplateVolumeMounts:
                  - {name: vai-config-mount, mountPath: /etc/config}
                  - {name: key, mountPath: /var/secrets}
                """);

        Deployment deployment = ProviderDeployments.deployment(provider, defaults);

        var pod = deployment.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of("sidecar.istio.io/inject", "false", "app", "provider-vai"));
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("log-shipper", "provider-service");
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("shipper:1");
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).isEmpty();
        assertThat(pod.getSpec().getVolumes()).extracting(Volume::getName, v -> v.getConfigMap() == null ? v.getSecret() == null ? "emptyDir" : v.getSecret().getSecretName() : v.getConfigMap().getName())
                .containsExactly(tuple("config", "vai-config"), tuple("scratch", "emptyDir"), tuple("key", "vai-key"));

        Container container = serviceContainer(deployment);
        // Template env first, the operator's appended sorted, then the Provider's: replaced where a name exists, else appended.
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
                tuple("LOG_LEVEL", "debug"),
                tuple("HTTP_PROXY", "http://proxy:3128"),
                tuple("PARAMETERS_ENABLED", "true"),
                tuple("PARAMETERS_LABELS", "{\"team\":\"ml\",\"tier\":\"gold\"}"),
                tuple("PARAMETERS_MAXCONCURRENTRUNS", "5"),
                tuple("PARAMETERS_PROJECT", "my-project"),
                tuple("PIPELINEROOTSTORAGE", "gs://bucket/root"),
                tuple("PROVIDERNAME", "ml/vai"),
                tuple("GOOGLE_APPLICATION_CREDENTIALS", "/var/secrets/key.json"));
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath, VolumeMount::getName)
                .containsExactly(tuple("/etc/config", "vai-config-mount"), tuple("/var/secrets", "key"));
    }

    @Test
    void configurationIsNotChangedByBuilding() {
        DefaultProviderValues defaults = new DefaultProviderValues(1, "provider-service", 8080, 8081, Map.of(), json("""
                spec: {containers: [{name: provider-service}]}
                """));
        ProviderDeployments.deployment(provider(PROVIDER), defaults);

        assertThat(defaults.podTemplateSpec().toString()).isEqualTo("{\"spec\":{\"containers\":[{\"name\":\"provider-service\"}]}}");
        assertThat(ProviderDeployments.deployment(provider(PROVIDER), defaults)).isEqualTo(ProviderDeployments.deployment(provider(PROVIDER), defaults));
    }

    @Test
    void missingServiceContainerIsAnErrorNamingIt() {
        DefaultProviderValues defaults = new DefaultProviderValues(1, "provider-service", 8080, 8081, Map.of(), json("""
                spec: {containers: [{name: something-else, image: x}]}
                """));

        assertThatThrownBy(() -> ProviderDeployments.deployment(provider(PROVIDER), defaults))
                .isInstanceOf(InvalidProviderTemplateException.class)
                .hasMessageContaining("container 'provider-service'")
                .hasMessageContaining("defaultProviderValues.podTemplateSpec");
    }

    @Test
    void withoutAConfiguredPodTemplateTheServiceContainerIsTheOnlyOne() {
        Deployment deployment = ProviderDeployments.deployment(provider(PROVIDER), DEFAULTS);

        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName).containsExactly("provider-service");
    }

    @Test
    void existingDeploymentWithServerDefaultsIsUpToDate() {
        Deployment desired = ProviderDeployments.deployment(provider(PROVIDER), DEFAULTS);
        Deployment existing = asStoredByTheApiServer(desired);

        assertThat(ProviderDeployments.upToDate(desired, existing)).isTrue();
    }

    @Test
    void changedParameterOrEditedImageOrRemovedVolumeMakeTheDeploymentOutdated() {
        Provider provider = provider(PROVIDER + """
                  podTemplateVolumes:
                  - {name: key, secret: {secretName: vai-key}}
                """);
        Deployment existing = asStoredByTheApiServer(ProviderDeployments.deployment(provider, DEFAULTS));

        provider.getSpec().getParameters().put("project", YAML.valueToTree("other-project"));
        assertThat(ProviderDeployments.upToDate(ProviderDeployments.deployment(provider, DEFAULTS), existing)).isFalse();

        Deployment edited = asStoredByTheApiServer(ProviderDeployments.deployment(provider(PROVIDER + """
                  podTemplateVolumes:
                  - {name: key, secret: {secretName: vai-key}}
                """), DEFAULTS));
        serviceContainer(edited).setImage("someone/else:latest");
        Provider original = provider(PROVIDER + """
                  podTemplateVolumes:
                  - {name: key, secret: {secretName: vai-key}}
                """);
        assertThat(ProviderDeployments.upToDate(ProviderDeployments.deployment(original, DEFAULTS), edited)).isFalse();

        // Removing the only volume leaves nothing to compare field by field; the hash still notices.
        original.getSpec().setPodTemplateVolumes(null);
        assertThat(ProviderDeployments.upToDate(ProviderDeployments.deployment(original, DEFAULTS), existing)).isFalse();
    }

    @Test
    void serviceWithAssignedClusterIpIsUpToDateButChangedPortIsNot() {
        Service desired = ProviderDeployments.service(provider(PROVIDER), DEFAULTS);
        Service existing = YAML.convertValue(YAML.valueToTree(desired), Service.class);
        existing.getMetadata().setName("provider-vai-x7k2p");
        existing.getSpec().setClusterIP("10.0.0.12");
        existing.getSpec().setSessionAffinity("None");

        assertThat(ProviderDeployments.upToDate(desired, existing)).isTrue();

        Service otherPort = ProviderDeployments.service(provider(PROVIDER), new DefaultProviderValues(2, "provider-service", 9090, 8081, DEFAULTS.labels(), null));
        assertThat(ProviderDeployments.upToDate(otherPort, existing)).isFalse();
    }

    @Test
    void controlledMeansAControllerReferenceWithTheProvidersUid() {
        Provider provider = provider(PROVIDER);
        Deployment owned = ProviderDeployments.deployment(provider, DEFAULTS);
        Provider recreated = provider(PROVIDER);
        recreated.getMetadata().setUid("another-uid");

        assertThat(ProviderDeployments.isControlledBy(owned, provider)).isTrue();
        assertThat(ProviderDeployments.isControlledBy(owned, recreated)).isFalse();
        assertThat(ProviderDeployments.isControlledBy(new DeploymentBuilder().withNewMetadata().withName("x").endMetadata().build(), provider)).isFalse();
    }

    private static void assertOwnedByProvider(OwnerReference owner) {
        assertThat(owner.getApiVersion()).isEqualTo("pipelines.kubeflow.org/v1beta1");
        assertThat(owner.getKind()).isEqualTo("Provider");
        assertThat(owner.getName()).isEqualTo("vai");
        assertThat(owner.getUid()).isEqualTo("7f3c-uid");
        assertThat(owner.getController()).isTrue();
        assertThat(owner.getBlockOwnerDeletion()).isTrue();
    }

    /** The desired object as a real API server returns it: named, versioned, with its defaults filled in. */
    private static Deployment asStoredByTheApiServer(Deployment desired) {
        Deployment stored = YAML.convertValue(YAML.valueToTree(desired), Deployment.class);
        stored.getMetadata().setName("provider-vai-abcde");
        stored.getMetadata().setResourceVersion("42");
        stored.getSpec().setRevisionHistoryLimit(10);
        stored.getSpec().setProgressDeadlineSeconds(600);
        stored.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
        stored.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
        Container container = serviceContainer(stored);
        container.setImagePullPolicy("IfNotPresent");
        container.setTerminationMessagePath("/dev/termination-log");
        return stored;
    }

    private static Container serviceContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("provider-service")).findFirst().orElseThrow();
    }

    private static Provider provider(String yaml) {
        try {
            return YAML.readValue(yaml, Provider.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
