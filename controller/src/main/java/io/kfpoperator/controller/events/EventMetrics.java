package io.kfpoperator.controller.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Meters of the event path, named as exported to Prometheus:
 * {@code kfp_operator_events_received_total{outcome}},
 * {@code kfp_operator_events_published_total{sink,outcome}},
 * {@code kfp_operator_events_publish_duration_seconds{sink}} (histogram),
 * {@code kfp_operator_runs_completed_total{provider,status}} and
 * {@code kfp_operator_run_duration_seconds{provider,status}} (histogram). Tags stay low-cardinality:
 * no run, event or resource names.
 */
public final class EventMetrics {

    public static final String RECEIVED = "kfp_operator_events_received";
    public static final String PUBLISHED = "kfp_operator_events_published";
    public static final String PUBLISH_DURATION = "kfp_operator_events_publish_duration";
    public static final String RUNS_COMPLETED = "kfp_operator_runs_completed";
    public static final String RUN_DURATION = "kfp_operator_run_duration";

    /** What the endpoint did with a request: the {@code outcome} tag of {@link #RECEIVED}. */
    public enum Received {
        accepted, duplicate, invalid, unauthorized, method_not_allowed, unsupported_media_type, too_large, not_found, gone,
        sink_unavailable, error
    }

    /** What a sink did with an event: the {@code outcome} tag of {@link #PUBLISHED}. */
    public enum Published {
        published, duplicate, failed
    }

    private final MeterRegistry registry;

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Received outcome : Received.values()) {
            // Registered up front so every outcome is exported at 0 and rate() works from the start.
            received(outcome);
        }
    }

    void sinkConfigured(String sink) {
        for (Published outcome : Published.values()) {
            published(sink, outcome);
        }
    }

    Counter received(Received outcome) {
        return Counter.builder(RECEIVED).description("Run completion events received by the /events endpoint, by outcome")
                .tag("outcome", outcome.name()).register(registry);
    }

    Counter published(String sink, Published outcome) {
        return Counter.builder(PUBLISHED).description("Run completion events published, by sink and outcome")
                .tags("sink", sink, "outcome", outcome.name()).register(registry);
    }

    Timer publishDuration(String sink) {
        return Timer.builder(PUBLISH_DURATION).description("Time a sink took to accept (or fail) an event")
                .tag("sink", sink).publishPercentileHistogram().register(registry);
    }

    private static final Duration LONGEST_RECORDABLE = Duration.ofNanos(Long.MAX_VALUE);

    void runCompleted(String provider, String status, Duration duration) {
        Counter.builder(RUNS_COMPLETED).description("Finished runs reported by provider services, by outcome")
                .tags("provider", provider, "status", status).register(registry).increment();
        // A Timer holds nanoseconds: a span past 292 years (start and end that are each a valid time) is not a run's
        // duration to record, and must not fail the event that carries it.
        if (duration != null && !duration.isNegative() && duration.compareTo(LONGEST_RECORDABLE) <= 0) {
            Timer.builder(RUN_DURATION).description("Execution time of finished runs, from the event's start and end")
                    .tags("provider", provider, "status", status).publishPercentileHistogram()
                    .register(registry).record(duration);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }
}
