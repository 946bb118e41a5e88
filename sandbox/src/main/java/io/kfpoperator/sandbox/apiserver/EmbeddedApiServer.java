package io.kfpoperator.sandbox.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kfpoperator.apiserver.ApiServer;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's Kubernetes API: our {@link ApiServer} with our CRDs installed; once the controller
 * serves its webhook, {@link #registerWebhook} makes the operator's validators its validating
 * admission, called as kube-apiserver calls them. kubectl and the in-process controller both reach
 * it over HTTP, as they would reach a cluster.
 */
public final class EmbeddedApiServer implements AutoCloseable {

    /** Our CRDs as the api module generates them (the same files as helm/kfp-operator/crds). */
    public static final List<String> CRD_RESOURCES = io.kfpoperator.api.crd.ShippedCrds.resources();

    private final ApiServer server;
    private final KubernetesClient client;

    private EmbeddedApiServer(ApiServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    /** Serves on {@code host:port} (0: a free port) with our CRDs installed. */
    public static EmbeddedApiServer start(String host, int port, Clock clock) {
        ApiServer server = ApiServer.start(ApiServer.Options.defaults().withPort(host, port).withClock(clock));
        try {
            server.installCrds(ourCrds());
            return new EmbeddedApiServer(server, clientOf(server.uri()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static List<InputStream> ourCrds() {
        List<InputStream> crds = new ArrayList<>();
        for (String resource : CRD_RESOURCES) {
            InputStream in = EmbeddedApiServer.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("CRD " + resource + " is missing from the class path (kfp-operator-api jar)");
            }
            crds.add(in);
        }
        return crds;
    }

    /** The kinds the webhook validates, with the Go operator's webhook names and paths (experiments and runschedules are ours). */
    private static final List<String> WEBHOOK_KINDS = List.of("pipeline", "provider", "run", "runconfiguration", "experiment", "runschedule");

    /**
     * Registers the controller's webhook at {@code https://<host>:<port>} in a ValidatingWebhookConfiguration
     * as the chart does (failurePolicy Fail, creates and updates of our six kinds), trusting {@code caBundle}.
     */
    public void registerWebhook(String host, int port, String caBundle) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata:
                  name: kfp-operator-validating-webhook-configuration
                webhooks:
                """);
        for (String kind : WEBHOOK_KINDS) {
            yaml.append("""
                    - name: v%1$s.kb.io
                      admissionReviewVersions: [v1]
                      sideEffects: None
                      failurePolicy: Fail
                      timeoutSeconds: 10
                      clientConfig:
                        url: https://%2$s:%3$d/validate-pipelines-kubeflow-org-v1beta1-%1$s
                        caBundle: %4$s
                      rules:
                      - apiGroups: [pipelines.kubeflow.org]
                        apiVersions: [v1beta1]
                        operations: [CREATE, UPDATE]
                        resources: [%1$ss]
                    """.formatted(kind, host, port, caBundle));
        }
        client.resource(yaml.toString()).createOr(existing -> existing.update());
    }

    /** A client of {@code uri} as a cluster-admin kubeconfig would give it. */
    public static KubernetesClient clientOf(URI uri) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(uri.toString()).withNamespace("default")
                .withRequestRetryBackoffLimit(3).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A client for the in-process controller and the sandbox's own writes. */
    public KubernetesClient client() {
        return client;
    }

    /** The server itself, for what only it can do (pod logs, compaction). */
    public ApiServer server() {
        return server;
    }

    /** Where kubectl reaches the API. */
    public URI uri() {
        return server.uri();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
