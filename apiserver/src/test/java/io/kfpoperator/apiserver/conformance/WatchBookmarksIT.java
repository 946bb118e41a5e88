package io.kfpoperator.apiserver.conformance;

import static io.kfpoperator.apiserver.conformance.Conformance.await;
import static io.kfpoperator.apiserver.conformance.Conformance.path;
import static io.kfpoperator.apiserver.conformance.Conformance.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.conformance.Conformance.WatchStream;
import io.kfpoperator.apiserver.testing.Kubectl;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** API concepts, watch bookmarks: on a server that sends them often. */
class WatchBookmarksIT {

    private static TestCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = Conformance.cluster(ApiServer.Options.defaults().withBookmarkInterval(Duration.ofMillis(100)));
        kubectl = cluster.kubectl();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<JsonNode> bookmarks(WatchStream watch) {
        return watch.events.stream().filter(e -> e.path("type").asText().equals("BOOKMARK")).toList();
    }

    @Test
    @DisplayName("API concepts (watch bookmarks): allowWatchBookmarks=true gives BOOKMARK events whose object is of the watched kind "
            + "with only metadata.resourceVersion set, never behind the events already sent; without it, none")
    void bookmarks() {
        String ns = Conformance.namespace(cluster, "bookmarks");
        Kubectl.Result created = kubectl.runWithInput(pipeline(ns, "p"), "create", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();
        String from = Conformance.get(cluster, path(ns, "pipelines", null)).body().path("metadata").path("resourceVersion").asText();

        try (WatchStream withBookmarks = new WatchStream(cluster, path(ns, "pipelines", null)
                + "?watch=1&allowWatchBookmarks=true&resourceVersion=" + from);
                WatchStream without = new WatchStream(cluster, path(ns, "pipelines", null) + "?watch=1&resourceVersion=" + from)) {
            await().until(() -> bookmarks(withBookmarks).size() >= 2);
            assertThat(kubectl.run("label", "pipeline", "p", "-n", ns, "a=b").exitCode()).isZero();
            long labelled = Long.parseLong(Conformance.get(cluster, path(ns, "pipelines", "p")).body().path("metadata").path("resourceVersion").asText());
            await().until(() -> without.events.size() >= 1
                    && bookmarks(withBookmarks).stream().anyMatch(b -> b.path("object").path("metadata").path("resourceVersion").asLong() >= labelled));

            JsonNode bookmark = bookmarks(withBookmarks).get(0).path("object");
            assertThat(bookmark.path("kind").asText()).isEqualTo("Pipeline");
            assertThat(bookmark.path("apiVersion").asText()).isEqualTo("pipelines.kubeflow.org/v1beta1");
            assertThat(bookmark.path("metadata").properties()).extracting(java.util.Map.Entry::getKey).containsExactly("resourceVersion");
            assertThat(bookmark.path("metadata").path("resourceVersion").asLong()).isGreaterThanOrEqualTo(Long.parseLong(from));
            long lastEvent = 0;
            for (JsonNode event : withBookmarks.events) {
                long version = event.path("object").path("metadata").path("resourceVersion").asLong();
                assertThat(version).as("resourceVersions never go back").isGreaterThanOrEqualTo(lastEvent);
                lastEvent = version;
            }
            assertThat(without.summary()).containsExactly("MODIFIED p");
        }
    }

    @Test
    @DisplayName("API concepts (watch bookmarks) through kubectl get --raw: the stream carries BOOKMARK events")
    void bookmarksThroughKubectl() {
        String ns = Conformance.namespace(cluster, "bookmarks-kubectl");

        Kubectl.Result watched = kubectl.run("get", "--raw", path(ns, "pipelines", null) + "?watch=1&allowWatchBookmarks=true&timeoutSeconds=1");

        assertThat(watched.exitCode()).as(watched.all()).isZero();
        assertThat(watched.out().lines().map(Conformance::json).map(e -> e.path("type").asText())).isNotEmpty().allMatch("BOOKMARK"::equals);
    }
}
