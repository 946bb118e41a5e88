package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class WatchIT {

    @Test
    void fabric8WatchSeesChanges() {
        try (TestCluster cluster = TestCluster.withOurCrds()) {
            List<String> events = new CopyOnWriteArrayList<>();
            var watch = cluster.client.configMaps().inNamespace("default").watch(new Watcher<ConfigMap>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                    events.add("closed " + cause);
                }
            });
            cluster.client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("a").endMetadata().build()).create();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events).contains("ADDED a"));
            watch.close();
        }
    }
}
