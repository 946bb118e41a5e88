package io.kfpoperator.providerservice;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformRegistry;
import io.kfpoperator.providerservice.events.CompletionEventLoop;
import io.kfpoperator.providerservice.events.ConfigMapWatermarkStore;
import io.kfpoperator.providerservice.events.FileWatermarkStore;
import io.kfpoperator.providerservice.events.OperatorWebhook;
import io.kfpoperator.providerservice.events.WatermarkStore;
import io.kfpoperator.providerservice.http.ProviderServer;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running provider service: the contract's HTTP server over a platform and, when an operator
 * webhook is configured, the completion event loop. The sandbox and tests start it in-process.
 */
public final class ProviderService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderService.class);

    private final PipelinePlatform platform;
    private final ProviderMetrics metrics;
    private final ProviderServer server;
    private final CompletionEventLoop eventLoop;
    private final KubernetesClient kubernetes;

    private ProviderService(PipelinePlatform platform, ProviderMetrics metrics, ProviderServer server,
            CompletionEventLoop eventLoop, KubernetesClient kubernetes) {
        this.platform = platform;
        this.metrics = metrics;
        this.server = server;
        this.eventLoop = eventLoop;
        this.kubernetes = kubernetes;
    }

    /** Creates the configured platform from the class path's factories and starts serving it. */
    public static ProviderService start(ProviderServiceConfig config) {
        PipelinePlatform platform = PlatformRegistry.load().factory(config.platform()).create(config.platformConfig());
        try {
            return start(config, platform);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Serves {@code platform} (which this service closes on {@link #close()}). */
    public static ProviderService start(ProviderServiceConfig config, PipelinePlatform platform) {
        return start(config, platform, null);
    }

    /**
     * Serves {@code platform}, keeping a ConfigMap watermark (when configured) through
     * {@code kubernetesClient}, which stays the caller's to close; null builds a client from the
     * environment (in-cluster service account or kubeconfig).
     */
    public static ProviderService start(ProviderServiceConfig config, PipelinePlatform platform,
            KubernetesClient kubernetesClient) {
        ProviderMetrics metrics = new ProviderMetrics(config.platform());
        KubernetesClient kubernetes = null;
        CompletionEventLoop loop = null;
        ProviderServer server = null;
        try {
            ProviderServiceConfig.Events events = config.events();
            if (events.operatorWebhook() != null) {
                WatermarkStore store;
                ProviderServiceConfig.WatermarkLocation location = config.watermark();
                if (location.configMap() != null) {
                    KubernetesClient client = kubernetesClient;
                    if (client == null) {
                        kubernetes = new KubernetesClientBuilder().build();
                        client = kubernetes;
                    }
                    String namespace = location.namespace() != null ? location.namespace() : client.getNamespace();
                    if (namespace == null) {
                        throw new ConfigException("watermark.configMap is set but no namespace is known: set watermark.namespace");
                    }
                    store = new ConfigMapWatermarkStore(client, namespace, location.configMap());
                } else {
                    store = new FileWatermarkStore(location.file());
                }
                OperatorWebhook webhook = new OperatorWebhook(events.operatorWebhook(), token(events), events.requestTimeout());
                loop = new CompletionEventLoop(platform, store, webhook, metrics, events.pollInterval(), events.backoff()).start();
            } else {
                LOG.warn("operatorWebhook is not set: run completion events are not sent to the operator");
            }
            server = ProviderServer.start(platform, metrics, config.server());
            LOG.info("provider service for {} (platform {}) started on port {}", config.providerName(), config.platform(), server.port());
            return new ProviderService(platform, metrics, server, loop, kubernetes);
        } catch (RuntimeException e) {
            if (loop != null) {
                loop.close();
            }
            if (kubernetes != null) {
                kubernetes.close();
            }
            metrics.close();
            throw e;
        }
    }

    private static Supplier<Optional<String>> token(ProviderServiceConfig.Events events) {
        if (events.operatorToken() != null) {
            Optional<String> token = Optional.of(events.operatorToken());
            return () -> token;
        }
        if (events.operatorTokenFile() != null) {
            return OperatorWebhook.tokenFromFile(events.operatorTokenFile());
        }
        return Optional::empty;
    }

    public int port() {
        return server.port();
    }

    public URI localUri() {
        return server.localUri();
    }

    public PipelinePlatform platform() {
        return platform;
    }

    public ProviderMetrics metrics() {
        return metrics;
    }

    /** Stops accepting requests, stops the event loop (nothing acknowledged is lost) and closes the platform. */
    @Override
    public void close() {
        server.close();
        if (eventLoop != null) {
            eventLoop.close();
        }
        platform.close();
        if (kubernetes != null) {
            kubernetes.close();
        }
        metrics.close();
        LOG.info("provider service stopped");
    }
}
