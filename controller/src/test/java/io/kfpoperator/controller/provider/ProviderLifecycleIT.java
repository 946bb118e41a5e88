package io.kfpoperator.controller.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.apiserver.http.HttpFront;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.RefusingClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider service's Deployment and Service follow the Provider, as a platform engineer sees them with kubectl. */
class ProviderLifecycleIT {

    private static final String NAMESPACE = "ml-providers";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ControllerHarness harness;

    @BeforeEach
    void start() {
        harness = new ControllerHarness().createNamespaces(NAMESPACE);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void appliedProviderGetsItsProviderServiceDeploymentAndService() {
        harness.startController();
        harness.apply(provider("project: my-project"));

        awaitState(SynchronizationState.SUCCEEDED);
        Provider provider = provider();
        assertThat(provider.getStatus().getObservedGeneration()).isEqualTo(provider.getMetadata().getGeneration());

        Deployment deployment = single(deployments());
        assertThat(deployment.getMetadata().getName()).startsWith("provider-vai-");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app", "provider-vai");
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(provider.getMetadata().getUid()));
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("vai-provider");
        assertThat(pod.getContainers()).singleElement().satisfies(container -> {
            assertThat(container.getName()).isEqualTo("provider-service");
            assertThat(container.getImage()).isEqualTo("ghcr.io/kfp-operator/vai:1.0");
            assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(
                    tuple("PARAMETERS_PROJECT", "my-project"),
                    tuple("PROVIDERNAME", NAMESPACE + "/vai"),
                    tuple("PIPELINEROOTSTORAGE", "gs://bucket/root"));
        });

        Service service = single(services());
        assertThat(service.getMetadata().getName()).startsWith("provider-vai-");
        assertThat(service.getSpec().getSelector()).containsExactlyEntriesOf(Map.of("app", "provider-vai"));
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("http:8080", "metrics:8081");

        await().atMost(TIMEOUT).until(() -> eventMessages().contains("Synced: Succeeded"));
        assertThat(eventMessages()).containsExactlyInAnyOrder("Syncing: Creating", "Synced: Succeeded");
    }

    @Test
    void changedParametersUpdateTheSameDeployment() {
        harness.startController();
        harness.apply(provider("project: my-project"));
        awaitState(SynchronizationState.SUCCEEDED);
        String deploymentName = single(deployments()).getMetadata().getName();

        harness.apply(provider("project: other-project"));

        await().atMost(TIMEOUT).until(() -> env(single(deployments())).contains("PARAMETERS_PROJECT=other-project"));
        await().atMost(TIMEOUT).until(() -> state() == SynchronizationState.SUCCEEDED
                && provider().getStatus().getObservedGeneration().equals(provider().getMetadata().getGeneration()));
        assertThat(deployments()).singleElement().satisfies(d -> assertThat(d.getMetadata().getName()).isEqualTo(deploymentName));
        assertThat(services()).hasSize(1);
        await().atMost(TIMEOUT).until(() -> eventMessages().contains("Syncing: Updating"));
    }

    @Test
    void deploymentDeletedBehindTheOperatorsBackIsRecreated() {
        harness.startController();
        harness.apply(provider("project: my-project"));
        awaitState(SynchronizationState.SUCCEEDED);
        String deleted = single(deployments()).getMetadata().getName();

        harness.client.apps().deployments().inNamespace(NAMESPACE).withName(deleted).delete();

        await().atMost(TIMEOUT).until(() -> deployments().size() == 1 && !deployments().get(0).getMetadata().getName().equals(deleted));
        assertThat(env(single(deployments()))).contains("PARAMETERS_PROJECT=my-project");
        awaitState(SynchronizationState.SUCCEEDED);
    }

    @Test
    void deploymentEditedBehindTheOperatorsBackIsRestored() {
        harness.startController();
        harness.apply(provider("project: my-project"));
        awaitState(SynchronizationState.SUCCEEDED);
        String name = single(deployments()).getMetadata().getName();

        harness.client.apps().deployments().inNamespace(NAMESPACE).withName(name).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:latest");
            d.getSpec().setReplicas(5);
            return d;
        });

        await().atMost(TIMEOUT).until(() -> "ghcr.io/kfp-operator/vai:1.0".equals(
                single(deployments()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
        assertThat(deployments()).singleElement().satisfies(d -> {
            assertThat(d.getMetadata().getName()).isEqualTo(name);
            assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        });
    }

    @Test
    void editedServiceIsReplacedAndTheEndpointFollowsIt() {
        harness.startController();
        harness.apply(provider("project: my-project"));
        awaitState(SynchronizationState.SUCCEEDED);
        ProviderServiceEndpoints endpoints = new ProviderServiceEndpoints(harness.client, 8080, Clock.systemUTC(), Duration.ZERO);
        MovableClock clock = new MovableClock();
        ProviderServiceEndpoints cached = new ProviderServiceEndpoints(harness.client, 8080, clock, Duration.ofSeconds(10));
        NamespacedName vai = new NamespacedName(NAMESPACE, "vai");
        String original = single(services()).getMetadata().getName();
        URI originalUri = URI.create("http://" + original + "." + NAMESPACE + ":8080");
        assertThat(endpoints.endpoint(vai)).contains(originalUri);
        assertThat(cached.endpoint(vai)).contains(originalUri);

        harness.client.services().inNamespace(NAMESPACE).withName(original).edit(s -> {
            s.getSpec().getPorts().get(0).setPort(9999);
            return s;
        });

        await().atMost(TIMEOUT).until(() -> services().size() == 1 && !services().get(0).getMetadata().getName().equals(original));
        Service replacement = single(services());
        assertThat(replacement.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort()).containsExactly("http:8080", "metrics:8081");
        URI replacementUri = URI.create("http://" + replacement.getMetadata().getName() + "." + NAMESPACE + ":8080");
        assertThat(endpoints.endpoint(vai)).contains(replacementUri);
        // A cached address is used until it expires, then the replacement is found.
        assertThat(cached.endpoint(vai)).contains(originalUri);
        clock.advance(Duration.ofSeconds(11));
        assertThat(cached.endpoint(vai)).contains(replacementUri);
        assertThat(endpoints.endpoint(new NamespacedName(NAMESPACE, "unknown"))).isEmpty();
    }

    @Test
    void deletedProviderTakesItsDeploymentAndServiceWithIt() {
        harness.startController();
        harness.apply(provider("project: my-project"));
        awaitState(SynchronizationState.SUCCEEDED);
        assertThat(deployments()).hasSize(1);
        assertThat(services()).hasSize(1);

        harness.client.resource(provider()).delete();

        await().atMost(TIMEOUT).until(() -> provider() == null);
        assertThat(deployments()).isEmpty();
        assertThat(services()).isEmpty();
    }

    @Test
    void reservedEnvNameFailsWithTheFieldPathAndCreatesNothing() {
        harness.startController();
        harness.apply(provider("project: my-project") + """
                  podTemplateEnv:
                  - {name: PROVIDERNAME, value: sneaky}
                """);

        awaitState(SynchronizationState.FAILED);
        assertThat(Conditions.synchronizationMessage(provider().getStatus().getConditions()))
                .startsWith("spec.podTemplateEnv[0].name: 'PROVIDERNAME' is reserved");
        assertThat(deployments()).isEmpty();
        assertThat(services()).isEmpty();
        await().atMost(TIMEOUT).until(() -> eventMessages().stream().anyMatch(m -> m.startsWith("SyncFailed: Failed: spec.podTemplateEnv[0].name")));
    }

    @Test
    void podTemplateWithoutTheServiceContainerFailsNamingIt() {
        OperatorConfig config = new OperatorConfig(null, new OperatorConfig.Spec(null, null,
                new OperatorConfig.DefaultProviderValues(1, "provider-service", 8080, 8081, Map.of(), yaml("""
                        spec: {containers: [{name: sidecar, image: "sidecar:1"}]}
                        """)),
                null, null, null, null, null, null, null, null));
        harness.startController(config);
        harness.apply(provider("project: my-project"));

        awaitState(SynchronizationState.FAILED);
        assertThat(Conditions.synchronizationMessage(provider().getStatus().getConditions())).contains("container 'provider-service'");
        assertThat(deployments()).isEmpty();
    }

    /**
     * The API server refuses the Deployment (here: the create request cannot reach it): the
     * Provider says so, and the create is retried with backoff without any change by the user.
     */
    @Test
    void failedDeploymentCreateIsReportedAndRetried() throws IOException {
        AtomicBoolean refuseDeploymentCreates = new AtomicBoolean(true);
        try (KubernetesClient faulty = RefusingClient.of(harness.client,
                request -> refuseDeploymentCreates.get() && request.method().equals("POST") && request.uri().getPath().endsWith("/deployments"))) {
            OperatorConfig single = new OperatorConfig(new OperatorConfig.SystemConfig(new OperatorConfig.LeaderElection(false, null, null)), null);
            Operator operator = KfpOperatorController.operator(faulty, single,
                    ProviderEndpoints.fixed(harness.providerService.localUri()), Clock.systemUTC());
            operator.start();
            try {
                harness.apply(provider("project: my-project"));

                awaitState(SynchronizationState.FAILED);
                assertThat(Conditions.synchronizationMessage(provider().getStatus().getConditions()))
                        .startsWith("Failed to reconcile subresource deployment: ");
                assertThat(deployments()).isEmpty();

                refuseDeploymentCreates.set(false);

                awaitState(SynchronizationState.SUCCEEDED);
                assertThat(deployments()).hasSize(1);
                assertThat(services()).hasSize(1);
            } finally {
                operator.stop();
            }
        }
    }

    /**
     * A reconcile of a Provider whose Deployment and Service are as desired reads and writes
     * nothing back. An unrelated edit of the Deployment (an annotation) triggers a reconcile; a
     * second one queues behind it (JOSDK never runs two reconciles of one resource at once), so
     * once the second has started, every request of the first is in the log.
     */
    @Test
    void reconcileOfAnUnchangedProviderMakesNoWrites() throws InterruptedException {
        harness.startController();
        harness.apply(provider("project: my-project"));
        awaitState(SynchronizationState.SUCCEEDED);
        await().atMost(TIMEOUT).until(() -> eventMessages().contains("Synced: Succeeded"));
        Deployment deployment = single(deployments());
        String deploymentPath = "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments";
        String providerVersion = provider().getMetadata().getResourceVersion();
        String serviceVersion = single(services()).getMetadata().getResourceVersion();
        List<HttpFront.Request> requests = new ArrayList<>();
        drain(requests);
        requests.clear();

        for (String note : List.of("first", "second")) {
            harness.client.apps().deployments().inNamespace(NAMESPACE).withName(deployment.getMetadata().getName()).edit(d -> {
                d.getMetadata().getAnnotations().put("example.com/note", note);
                return d;
            });
            int reconciles = note.equals("first") ? 1 : 2;
            await().atMost(TIMEOUT).until(() -> {
                drain(requests);
                return requests.stream().filter(r -> ControllerHarness.describe(r).equals("GET " + deploymentPath)).count() >= reconciles;
            });
        }

        assertThat(requests.stream().filter(r -> !r.method().equals("GET")))
                .extracting(ControllerHarness::describe)
                .containsExactly(
                        "PATCH " + deploymentPath + "/" + deployment.getMetadata().getName(),
                        "PATCH " + deploymentPath + "/" + deployment.getMetadata().getName());
        assertThat(provider().getMetadata().getResourceVersion()).isEqualTo(providerVersion);
        assertThat(single(services()).getMetadata().getResourceVersion()).isEqualTo(serviceVersion);
        assertThat(single(deployments()).getSpec()).isEqualTo(deployment.getSpec());
    }

    private void drain(List<HttpFront.Request> into) {
        into.addAll(harness.takeApiRequests());
    }

    private static String provider(String parameters) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata: {name: vai, namespace: %s}
                spec:
                  serviceImage: ghcr.io/kfp-operator/vai:1.0
                  serviceAccount: vai-provider
                  pipelineRootStorage: gs://bucket/root
                  parameters: {%s}
                """.formatted(NAMESPACE, parameters);
    }

    private Provider provider() {
        return harness.client.resources(Provider.class).inNamespace(NAMESPACE).withName("vai").get();
    }

    private SynchronizationState state() {
        Provider p = provider();
        return p == null || p.getStatus() == null ? SynchronizationState.UNKNOWN : Conditions.synchronizationState(p.getStatus().getConditions());
    }

    private void awaitState(SynchronizationState expected) {
        await().atMost(TIMEOUT).until(() -> state() == expected);
    }

    private List<Deployment> deployments() {
        return harness.client.apps().deployments().inNamespace(NAMESPACE).list().getItems();
    }

    private List<Service> services() {
        return harness.client.services().inNamespace(NAMESPACE).list().getItems();
    }

    private List<String> eventMessages() {
        return harness.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> "Provider".equals(e.getInvolvedObject().getKind()) && "vai".equals(e.getInvolvedObject().getName()))
                .map((Event e) -> e.getReason() + ": " + e.getMessage())
                .toList();
    }

    private static List<String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .map(e -> e.getName() + "=" + e.getValue()).toList();
    }

    private static <T extends HasMetadata> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static JsonNode yaml(String text) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clock the test moves by hand, for the endpoint cache's expiry. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
