package io.kfpoperator.controller.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.CustomResource;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.controller.config.OperatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh API server, provider service and controller per test, and helpers to watch resources converge. */
public abstract class ControllerTestBase {

    public static final String PROVIDER = Manifests.provider("simulated", "");
    /** Where the Providers live ({@link Manifests#provider}); the API server refuses objects in a namespace that does not exist. */
    public static final String PROVIDER_NAMESPACE = "kfp-operator";

    protected ControllerHarness harness;

    @BeforeEach
    void startHarness() {
        harness = createHarness();
        harness.createNamespaces(PROVIDER_NAMESPACE);
        harness.apply(PROVIDER);
        beforeControllerStarts();
        io.kfpoperator.controller.engine.ProviderEndpoints endpoints = endpoints();
        if (endpoints == null) {
            harness.startController(config());
        } else {
            harness.startController(config(), endpoints);
        }
        afterControllerStarts();
    }

    /** Override to start more beside the controller (e.g. the run-completion endpoint). */
    protected void afterControllerStarts() {
    }

    /** Override to serve every Provider somewhere else than the harness's provider service (e.g. a stand-in); null = there. */
    protected io.kfpoperator.controller.engine.ProviderEndpoints endpoints() {
        return null;
    }

    /** Override to serve Providers from another platform than the simulated one. */
    protected ControllerHarness createHarness() {
        return new ControllerHarness();
    }

    /** Override to prepare the API server before the controller starts watching (e.g. install more CRDs). */
    protected void beforeControllerStarts() {
    }

    @AfterEach
    void stopHarness() {
        harness.close();
    }

    /** Override to start the controller with another configuration. */
    protected OperatorConfig config() {
        return OperatorConfig.defaults();
    }

    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    protected <T extends CustomResource<?, ?>> T get(Class<T> type, String name) {
        return harness.client.resources(type).inNamespace("default").withName(name).get();
    }

    protected static SynchronizationState stateOf(CustomResource<?, ?> resource) {
        return Conditions.synchronizationState(conditions(resource));
    }

    protected static String messageOf(CustomResource<?, ?> resource) {
        return Conditions.synchronizationMessage(conditions(resource));
    }

    @SuppressWarnings("unchecked")
    protected static List<Condition> conditions(CustomResource<?, ?> resource) {
        if (resource == null || resource.getStatus() == null) {
            return List.of();
        }
        Object status = resource.getStatus();
        if (status instanceof io.kfpoperator.api.v1beta1.Status s) {
            return s.getConditions();
        }
        if (status instanceof io.kfpoperator.api.v1beta1.RunConfigurationStatus s) {
            return s.getConditions();
        }
        return List.of();
    }

    /** Waits until the resource exists and satisfies {@code condition}, then returns it. */
    protected <T extends CustomResource<?, ?>> T awaitResource(Class<T> type, String name, Predicate<T> condition) {
        eventually().until(() -> {
            T resource = get(type, name);
            return resource != null && condition.test(resource);
        });
        return get(type, name);
    }

    protected <T extends CustomResource<?, ?>> T awaitState(Class<T> type, String name, SynchronizationState state) {
        return awaitResource(type, name, r -> stateOf(r) == state);
    }
}
