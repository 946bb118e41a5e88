package io.kfpoperator.providerservice.events;

import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.metrics.ProviderMetrics;
import io.kfpoperator.providerservice.metrics.ProviderMetrics.EventResult;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds runs that finished on the platform and delivers their completion events to the operator,
 * oldest first, one at a time. An event is retried with backoff until the operator acknowledges it
 * (2xx) or answers 410; only then does the durable watermark move past it, so a restart neither
 * loses an event nor re-sends an acknowledged one (delivery is at-least-once only across a crash
 * between the operator's answer and the watermark write).
 */
public final class CompletionEventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionEventLoop.class);

    private final PipelinePlatform platform;
    private final WatermarkStore store;
    private final OperatorWebhook webhook;
    private final ProviderMetrics metrics;
    private final Duration pollInterval;
    private final Backoff backoff;
    private final Random jitter = new Random();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;

    private volatile Watermark watermark;

    public CompletionEventLoop(PipelinePlatform platform, WatermarkStore store, OperatorWebhook webhook,
            ProviderMetrics metrics, Duration pollInterval, Backoff backoff) {
        this.platform = platform;
        this.store = store;
        this.webhook = webhook;
        this.metrics = metrics;
        this.pollInterval = pollInterval;
        this.backoff = backoff;
        this.thread = new Thread(this::loop, "completion-events");
        this.thread.setDaemon(true);
    }

    /** Loads the watermark (failing start-up if it is unreadable) and starts polling. */
    public CompletionEventLoop start() {
        watermark = store.load().orElseGet(Watermark::initial);
        LOG.info("delivering run completion events to {}; watermark from {} at {}", webhook.endpoint(), store.describe(),
                watermark.finishedAt());
        thread.start();
        return this;
    }

    /** The in-memory watermark (what has been acknowledged so far). */
    public Watermark watermark() {
        return watermark;
    }

    private void loop() {
        while (!isStopped()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.error("completion event loop failed; trying again in {}", pollInterval, e);
            }
            waitFor(pollInterval);
        }
    }

    private void pollOnce() {
        List<FinishedRun> finished;
        try {
            finished = metrics.timePlatformCall("finished_runs", () -> platform.finishedRunsSince(watermark.finishedAt()));
        } catch (RuntimeException e) {
            LOG.warn("cannot list finished runs on the platform: {}", e.getMessage());
            return;
        }
        List<FinishedRun> due = finished.stream()
                .filter(run -> !watermark.covers(run))
                .sorted(Comparator.comparing(FinishedRun::finishedAt))
                .toList();
        for (FinishedRun run : due) {
            if (!deliver(run.event())) {
                return; // stopping: the watermark stays before this run, so it is sent after a restart
            }
            watermark = watermark.after(run);
            try {
                store.save(watermark);
            } catch (RuntimeException e) {
                // Delivery goes on from memory; a restart before the next successful save re-sends.
                LOG.error("cannot save the delivery watermark to {}: {}", store.describe(), e.getMessage());
            }
        }
    }

    /** True when the event is done with (acknowledged, gone or discarded); false only when stopping. */
    private boolean deliver(RunCompletionEventData event) {
        String id = event.eventId();
        if (isBlank(event.runName()) && isBlank(event.runConfigurationName())) {
            // The operator cannot attribute it to anything, so sending would only be refused.
            metrics.eventSent(EventResult.Discarded);
            LOG.warn("discarded completion event {}: it names neither a run nor a run configuration", id);
            return true;
        }
        for (int attempt = 0; !isStopped(); attempt++) {
            OperatorWebhook.Attempt result = webhook.send(event);
            switch (result.outcome()) {
                case DELIVERED -> {
                    metrics.eventSent(EventResult.Success);
                    LOG.info("delivered completion event {}", id);
                    return true;
                }
                case GONE -> {
                    metrics.eventSent(EventResult.UnrecoverableFailure);
                    LOG.warn("operator does not know the run of completion event {} ({}); dropped it", id, result.reason());
                    return true;
                }
                default -> {
                    metrics.eventSent(EventResult.RecoverableFailure);
                    Duration delay = backoff.delay(attempt, jitter);
                    LOG.warn("could not deliver completion event {} ({}); retry {} in {}", id, result.reason(), attempt + 1, delay);
                    waitFor(delay);
                }
            }
        }
        return false;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private void waitFor(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    /** Stops after the current HTTP attempt; nothing acknowledged is lost. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
