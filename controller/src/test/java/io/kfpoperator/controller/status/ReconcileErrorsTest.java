package io.kfpoperator.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.controller.leader.NotLeaderException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A reconcile cut short by the controller stopping is not the resource's failure: recording it
 * made every restart write a "(attempt 1, retrying)" status and take it back a moment later.
 */
class ReconcileErrorsTest {

    @Test
    void aRequestInterruptedBecauseTheControllerStopsIsNotAFailureOfTheResource() {
        // What fabric8 throws when the reconcile thread is interrupted mid-request.
        assertThat(ReconcileErrors.interrupted(new KubernetesClientException("Operation: [list] failed", new InterruptedException()))).isTrue();
        assertThat(ReconcileErrors.interrupted(new RuntimeException(new InterruptedIOException()))).isTrue();
    }

    @Test
    void aWriteTheLeaderFenceRefusedIsNotAFailureOfTheResource() {
        assertThat(ReconcileErrors.interrupted(new NotLeaderException("not the leader"))).isTrue();
        assertThat(ReconcileErrors.interrupted(new KubernetesClientException("Operation: [patch] failed", new NotLeaderException("not the leader")))).isTrue();
    }

    @Test
    void aTimeoutOrAnyOtherCauseIsAFailure() {
        assertThat(ReconcileErrors.interrupted(new KubernetesClientException("timed out", new SocketTimeoutException("read timed out")))).isFalse();
        assertThat(ReconcileErrors.interrupted(new KubernetesClientException("boom", 500, null))).isFalse();
        assertThat(ReconcileErrors.interrupted(new IllegalStateException("bug"))).isFalse();
    }
}
