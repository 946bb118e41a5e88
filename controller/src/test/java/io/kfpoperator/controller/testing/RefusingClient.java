package io.kfpoperator.controller.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.function.Predicate;

/**
 * A client of the same API server whose requests matching a test's predicate fail as an
 * unreachable API server fails them (connection refused, no retry), so a test can take one kind
 * of request away from a controller and give it back.
 */
public final class RefusingClient {

    private RefusingClient() {
    }

    public static KubernetesClient of(KubernetesClient base, Predicate<HttpRequest> refuse) {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Interceptor fault = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (refuse.test(request)) {
                    builder.uri(URI.create("http://127.0.0.1:" + deadPort + request.uri().getRawPath()));
                }
            }
        };
        Config config = new ConfigBuilder(base.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("fault", fault)).build();
    }
}
