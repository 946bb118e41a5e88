package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * kube-apiserver's connections have TCP_NODELAY, as every Go TCP connection does ("The default is
 * true (no delay)", net.TCPConn.SetNoDelay): an answer is not held back by Nagle's algorithm until
 * the client acknowledges the headers sent before it. With Nagle on, a client sending one request
 * after another waits for its own delayed ACK, about 40 ms on Linux, on every answer.
 */
class NoDelayIT {

    @Test
    void sequentialRequestsAreNotHeldBackByNaglesAlgorithm() {
        try (TestCluster cluster = TestCluster.empty(io.kfpoperator.apiserver.ApiServer.Options.defaults())) {
            var configMaps = cluster.client.configMaps().inNamespace("default");
            configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("probe").endMetadata().build()).create();
            for (int i = 0; i < 50; i++) {
                configMaps.withName("probe").get();
            }
            long[] millis = new long[50];
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                configMaps.withName("probe").get();
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            // With Nagle each of these takes 40 ms or more; the margin is for a busy machine.
            assertThat(millis[millis.length / 2]).as("median ms of a sequential GET").isLessThan(20);
        }
    }
}
