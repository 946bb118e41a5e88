package io.kfpoperator.providerservice.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.testing.TestCluster;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watermark in a ConfigMap, on our API server (kube-apiserver's semantics; the namespace exists, as it does where the provider runs). */
class ConfigMapWatermarkStoreTest {

    private TestCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void startApiServer() {
        cluster = TestCluster.empty(ApiServer.Options.defaults());
        cluster.server.createNamespace("kfp-operator-system");
        client = cluster.client;
    }

    @AfterEach
    void stopApiServer() {
        cluster.close();
    }

    @Test
    void createsTheConfigMapOnFirstSaveAndReadsItBackAfterARestart() {
        ConfigMapWatermarkStore store = new ConfigMapWatermarkStore(client, "kfp-operator-system", "sim-watermark");
        assertThat(store.load()).isEmpty();

        Watermark first = Watermark.initial().after(run("a", Instant.parse("2026-11-25T12:00:00Z")));
        store.save(first);
        Watermark second = first.after(run("b", Instant.parse("2026-11-25T12:05:00Z")));
        store.save(second);

        ConfigMapWatermarkStore afterRestart = new ConfigMapWatermarkStore(client, "kfp-operator-system", "sim-watermark");
        assertThat(afterRestart.load()).contains(second);
        ConfigMap stored = client.configMaps().inNamespace("kfp-operator-system").withName("sim-watermark").get();
        assertThat(stored.getData().get("watermark")).contains("2026-11-25T12:05:00Z");
    }

    private static FinishedRun run(String runId, Instant finishedAt) {
        return new FinishedRun(finishedAt, new RunCompletionEventData(RunCompletionStatus.FAILED, "ns/pipe", "ns/rc",
                null, runId, null, null, List.of(), "ns/p"));
    }
}
