package io.kfpoperator.controller.events;

import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.events.CompletionEventLoop;
import io.kfpoperator.providerservice.events.FileWatermarkStore;
import io.kfpoperator.providerservice.events.OperatorWebhook;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The provider service's real completion event loop on a platform, posting to an /events endpoint, polling every 100 ms. */
final class CompletionSender implements AutoCloseable {

    final ProviderMetrics metrics;
    private final CompletionEventLoop loop;
    private final Path watermark;

    private CompletionSender(ProviderMetrics metrics, CompletionEventLoop loop, Path watermark) {
        this.metrics = metrics;
        this.loop = loop;
        this.watermark = watermark;
    }

    static CompletionSender start(PipelinePlatform platform, URI endpoint) throws IOException {
        Path watermark = Files.createTempFile("watermark", ".json");
        Files.delete(watermark);
        ProviderMetrics metrics = new ProviderMetrics("simulated");
        OperatorWebhook webhook = new OperatorWebhook(endpoint, Optional::empty, Duration.ofSeconds(15));
        CompletionEventLoop loop = new CompletionEventLoop(platform, new FileWatermarkStore(watermark), webhook, metrics,
                Duration.ofMillis(100), new Backoff(Duration.ofMillis(100), Duration.ofMillis(500))).start();
        return new CompletionSender(metrics, loop, watermark);
    }

    @Override
    public void close() throws IOException {
        loop.close();
        metrics.close();
        Files.deleteIfExists(watermark);
    }
}
