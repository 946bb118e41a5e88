package io.kfpoperator.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.GoProviderStandIn;
import io.kfpoperator.controller.testing.Manifests;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code spec.providerCallTimeout}: a provider service slower than it is a transient failure, retried, not waited on. */
class ProviderCallTimeoutIT extends ControllerTestBase {

    private final GoProviderStandIn service = new GoProviderStandIn();

    @Override
    protected ProviderEndpoints endpoints() {
        return ProviderEndpoints.fixed(service.uri());
    }

    @Override
    protected OperatorConfig config() {
        return ConfigLoader.load(null, Map.of("spec.providerCallTimeout", "300ms", "spec.retry.initial", "50ms", "spec.retry.max", "200ms"));
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void aCallSlowerThanTheTimeoutIsRetried() {
        // The first create is held (nothing made) until the retry arrives; only the timeout ends the wait for it.
        service.holdNextUntilAnother("experiment");
        harness.apply(Manifests.experiment("exp", "slow"));

        awaitState(Experiment.class, "exp", SynchronizationState.SUCCEEDED);
        // The retrying state lasts one backoff (50 ms): its Event is the lasting record of it.
        List<String> events = harness.client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "exp".equals(e.getInvolvedObject().getName())).map(e -> e.getMessage()).toList();
        assertThat(events).anySatisfy(m -> assertThat(m).contains("did not answer POST", "within 300ms", "retrying"));
        assertThat(service.calls("POST", "experiment")).isEqualTo(2);
        assertThat(service.objects("experiment", "default/exp")).hasSize(1);
    }
}
