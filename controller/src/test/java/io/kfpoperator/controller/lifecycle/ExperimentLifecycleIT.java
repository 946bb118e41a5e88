package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import org.junit.jupiter.api.Test;

class ExperimentLifecycleIT extends ControllerTestBase {

    @Test
    void experimentIsCreatedUpdatedInPlaceAndDeleted() {
        harness.apply(Manifests.experiment("penguin", "first description"));

        Experiment created = awaitState(Experiment.class, "penguin", SynchronizationState.SUCCEEDED);
        assertThat(created.getStatus().getProvider().getName()).isEqualTo("kfp-operator/simulated");
        assertThat(created.getMetadata().getFinalizers()).contains("pipelines.kubeflow.org/finalizer");
        assertThat(harness.platform.experiments()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(created.getStatus().getProvider().getId());
            assertThat(e.description()).isEqualTo("first description");
        });

        harness.apply(Manifests.experiment("penguin", "second description"));
        Experiment updated = awaitResource(Experiment.class, "penguin", e -> stateOf(e) == SynchronizationState.SUCCEEDED
                && !e.getStatus().getVersion().equals(created.getStatus().getVersion()));
        assertThat(updated.getStatus().getObservedGeneration()).isEqualTo(2L);
        assertThat(harness.platform.experiments()).singleElement()
                .satisfies(e -> assertThat(e.description()).isEqualTo("second description"));

        harness.client.resource(updated).delete();
        eventually().until(() -> get(Experiment.class, "penguin") == null);
        assertThat(harness.platform.experiments()).isEmpty();
    }

    @Test
    void upstreamsFinalizerIsReleasedTooWhenTheResourceIsDeleted() {
        harness.apply(Manifests.experiment("adopted", "from the Go operator"));
        Experiment synced = awaitState(Experiment.class, "adopted", SynchronizationState.SUCCEEDED);
        harness.client.resource(synced).edit(e -> {
            e.getMetadata().getFinalizers().add("finalizer.pipelines.kubeflow.org");
            return e;
        });

        harness.client.resources(Experiment.class).inNamespace("default").withName("adopted").delete();

        eventually().until(() -> get(Experiment.class, "adopted") == null);
        assertThat(harness.platform.experiments()).isEmpty();
    }
}
