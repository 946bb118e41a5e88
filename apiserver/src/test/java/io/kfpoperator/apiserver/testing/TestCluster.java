package io.kfpoperator.apiserver.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kfpoperator.apiserver.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The test fixture every module tests on: our API server on a free loopback port with the
 * operator's CRDs, a fabric8 client of it, and the real kubectl pointed at it through a kubeconfig
 * in a private directory (removed on close).
 */
public final class TestCluster implements AutoCloseable {

    public final ApiServer server;
    public final KubernetesClient client;
    private final Path home;
    private final Path kubeconfig;
    private Kubectl kubectl;

    private TestCluster(ApiServer server, Path home) {
        this.server = server;
        this.home = home;
        this.kubeconfig = home.resolve("kubeconfig");
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: test, cluster: {server: %s}}]
                    users: [{name: test, user: {}}]
                    contexts: [{name: test, context: {cluster: test, user: test, namespace: default}}]
                    current-context: test
                    """.formatted(server.uri()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.client = client(server);
    }

    /** A server with the operator's CRDs installed. */
    public static TestCluster withOurCrds() {
        TestCluster cluster = empty(ApiServer.Options.defaults());
        cluster.server.installCrds(OurCrds.streams());
        return cluster;
    }

    /** A server with nothing but the initial namespaces. */
    public static TestCluster empty(ApiServer.Options options) {
        ApiServer server = ApiServer.start(options);
        try {
            return new TestCluster(server, Files.createTempDirectory("kfp-operator-test-cluster"));
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
    }

    /** A fabric8 client of {@code server} as a kubeconfig with cluster-admin rights would give it. */
    public static KubernetesClient client(ApiServer server) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.uri().toString()).withNamespace("default").build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The real kubectl, configured for this server. */
    public synchronized Kubectl kubectl() {
        if (kubectl == null) {
            kubectl = new Kubectl(kubeconfig, home);
        }
        return kubectl;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is not worth failing a test for.
        }
    }
}
