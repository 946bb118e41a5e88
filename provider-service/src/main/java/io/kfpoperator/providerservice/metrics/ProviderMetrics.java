package io.kfpoperator.providerservice.metrics;

import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.OperationNotSupportedException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The provider service's Prometheus metrics: platform call latency by operation and outcome, and
 * completion events by delivery result (upstream's provider_webhook_send_events_count results).
 */
public final class ProviderMetrics implements AutoCloseable {

    /** Delivery results of a completion event, named as upstream names them. */
    public enum EventResult {
        Success,
        RecoverableFailure,
        UnrecoverableFailure,
        Discarded
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String platform;
    private final Map<EventResult, Counter> events = new EnumMap<>(EventResult.class);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public ProviderMetrics(String platform) {
        this.platform = platform;
        // Two of Micrometer's processor meters break Prometheus' naming rules (promtool check
        // metrics): process_cpu_time_ns_total (an abbreviated unit) and system_cpu_count (a gauge
        // named like a histogram's _count). process_cpu_usage stays.
        registry.config().meterFilter(MeterFilter.deny(id ->
                id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        for (EventResult result : EventResult.values()) {
            // Registered up front so every result is exported at 0 and rate() works from the start.
            events.put(result, Counter.builder("kfp_provider_events_sent")
                    .description("Run completion events sent to the operator, by result")
                    .tag("result", result.name())
                    .register(registry));
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    /** Runs one platform call and records its duration and outcome; exceptions pass through. */
    public <T> T timePlatformCall(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        } catch (RuntimeException e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            Timer.builder("kfp_provider_platform_request_duration")
                    .description("Duration of calls to the ML platform")
                    .tags("platform", platform, "operation", operation, "outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    public void eventSent(EventResult result) {
        events.get(result).increment();
    }

    public double eventsSent(EventResult result) {
        return events.get(result).count();
    }

    /** Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private static String outcomeOf(RuntimeException e) {
        if (e instanceof InvalidDefinitionException) {
            return "invalid";
        } else if (e instanceof PlatformRejectedException) {
            return "rejected";
        } else if (e instanceof ResourceNotFoundException) {
            return "not_found";
        } else if (e instanceof OperationNotSupportedException) {
            return "unsupported";
        }
        return "failure";
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
