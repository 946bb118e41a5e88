package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * kube-apiserver's connections have TCP_NODELAY, as every Go TCP connection does ("The default is
 * true (no delay)", net.TCPConn.SetNoDelay): an answer is not held back by Nagle's algorithm until
 * the client acknowledges what was sent before it (about 40 ms a request on Linux). The JDK HTTP
 * server takes the option from {@code sun.net.httpserver.nodelay} when it starts; the latency it
 * saves is measured by the benchmark, not asserted here.
 */
class NoDelayIT {

    @Test
    void theServerAsksForTcpNoDelay() {
        try (TestCluster cluster = TestCluster.empty(ApiServer.Options.defaults())) {
            assertThat(cluster.client.configMaps().inNamespace("default").list().getItems()).isEmpty();
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        }
    }
}
