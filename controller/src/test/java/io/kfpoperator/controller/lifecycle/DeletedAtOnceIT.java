package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A resource deleted right after it was created — by a user, or by the garbage collector when its
 * owner went first — stays deleted. The controller's first write to a new object adds its
 * finalizer; a server-side apply of that finalizer to an object already gone would create it
 * again (kube-apiserver creates on apply unless the patch names a uid), as an object with no spec
 * that nobody deletes.
 */
class DeletedAtOnceIT extends ControllerTestBase {

    @Test
    void aResourceDeletedJustBeforeTheControllerAddsItsFinalizerStaysDeleted() {
        AtomicBoolean deleted = new AtomicBoolean();
        // The user's delete lands just before the controller's first write to the object.
        Runnable stop = harness.server.onRequest(request -> {
            if (request.method().equals("PATCH") && request.path().endsWith("/experiments/brief") && deleted.compareAndSet(false, true)) {
                harness.client.resources(Experiment.class).inNamespace("default").withName("brief").delete();
            }
        });
        try {
            harness.apply(Manifests.experiment("brief", "deleted at once"));
            eventually().untilTrue(deleted);

            await("the Experiment stays deleted").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100)).until(() -> get(Experiment.class, "brief") == null);
            assertThat(harness.platform.experiments()).isEmpty();
        } finally {
            stop.run();
        }
    }
}
