package io.kfpoperator.controller.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunStatus;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A Run's own status writes do not wake its reconciler; what others change does. */
class RunChangesTest {

    private static Run run(Consumer<Run> change) {
        Run run = new Run();
        ObjectMeta meta = new ObjectMeta();
        meta.setName("once");
        meta.setGeneration(1L);
        meta.setAnnotations(Map.of("a", "1"));
        run.setMetadata(meta);
        RunStatus status = new RunStatus();
        status.setVersion("v1");
        run.setStatus(status);
        change.accept(run);
        return run;
    }

    private static boolean wakes(Consumer<Run> change) {
        return new RunChanges().accept(run(change), run(r -> { }));
    }

    @Test
    void theReconcilersOwnStatusWriteDoesNotWakeIt() {
        assertThat(wakes(r -> r.getStatus().setVersion("v2"))).isFalse();
        assertThat(wakes(r -> r.getStatus().setMarkedCompletedAt("2026-12-02T00:00:00Z"))).isFalse();
    }

    @Test
    void completionSpecAndMetadataChangesWakeIt() {
        assertThat(wakes(r -> r.getStatus().setCompletionState("Succeeded"))).isTrue();
        assertThat(wakes(r -> r.getMetadata().setGeneration(2L))).isTrue();
        assertThat(wakes(r -> r.getMetadata().setAnnotations(Map.of("pipelines.kubeflow.org/retry", "1")))).isTrue();
        assertThat(wakes(r -> r.getMetadata().setDeletionTimestamp("2026-12-02T00:00:00Z"))).isTrue();
    }
}
