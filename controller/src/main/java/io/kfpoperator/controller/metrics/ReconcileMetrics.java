package io.kfpoperator.controller.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.BaseControl;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator SDK's callbacks as our metrics: reconciles by kind and outcome, their
 * duration, and the resources waiting to be reconciled. Plugged into the operator's configuration,
 * so every reconciler is measured the same way without code in the reconcilers.
 *
 * <p>The same figures are also exported under the names controller-runtime gives them in the Go
 * operator ({@code controller_runtime_reconcile_total{controller,result}},
 * {@code controller_runtime_reconcile_errors_total}, {@code controller_runtime_reconcile_time_seconds},
 * {@code workqueue_depth{name,controller}}; our controller names are the Go ones, the lowercase
 * kind), so dashboards and alerts built on the Go operator keep their data after a switch.
 */
public final class ReconcileMetrics implements Metrics {

    private static final Map<String, String> KIND_BY_CONTROLLER = Map.of(
            "pipeline", "Pipeline", "experiment", "Experiment", "runschedule", "RunSchedule",
            "run", "Run", "runconfiguration", "RunConfiguration", "provider", "Provider");

    private final MeterRegistry registry;
    private final ResourceStates states;
    private final Map<String, Set<ResourceID>> waiting = new ConcurrentHashMap<>();

    public ReconcileMetrics(MeterRegistry registry, ResourceStates states) {
        this.registry = registry;
        this.states = states;
        for (String kind : KIND_BY_CONTROLLER.values()) {
            Set<ResourceID> queue = waiting.computeIfAbsent(kind, k -> ConcurrentHashMap.newKeySet());
            Gauge.builder("kfp_operator_reconcile_queue_depth", queue, Set::size)
                    .description("Resources with events waiting to be reconciled")
                    .tag("kind", kind)
                    .register(registry);
            // Registered up front so an error ratio can be computed from the first scrape.
            for (String outcome : new String[] {"success", "error"}) {
                counter(kind, outcome);
            }
        }
        KIND_BY_CONTROLLER.forEach((controller, kind) -> {
            Gauge.builder("workqueue_depth", waiting.get(kind), Set::size)
                    .description("Current depth of workqueue (controller-runtime's name, as the Go operator exports it)")
                    .tag("name", controller)
                    .tag("controller", controller)
                    .register(registry);
            for (String result : new String[] {"success", "error", "requeue_after"}) {
                controllerRuntimeCounter(controller, result);
            }
            controllerRuntimeErrors(controller);
        });
    }

    @Override
    public void receivedEvent(Event event, Map<String, Object> metadata) {
        queue(metadata).ifPresent(queue -> queue.add(event.getRelatedCustomResourceID()));
    }

    @Override
    public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
        queue(metadata).ifPresent(queue -> queue.remove(ResourceID.fromResource(resource)));
    }

    @Override
    public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
        queue(metadata).ifPresent(queue -> queue.remove(resourceID));
        kind(metadata).ifPresent(kind -> states.removed(kind, resourceID.getNamespace().orElse(""), resourceID.getName()));
    }


    @Override
    public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
        String controller = execution.controllerName();
        String kind = KIND_BY_CONTROLLER.getOrDefault(controller, controller);
        long start = System.nanoTime();
        String outcome = "error";
        String result = "error";
        try {
            T done = execution.execute();
            outcome = "success";
            result = done instanceof BaseControl<?> control && control.getScheduleDelay().isPresent() ? "requeue_after" : "success";
            return done;
        } finally {
            counter(kind, outcome).increment();
            controllerRuntimeCounter(controller, result).increment();
            if ("error".equals(result)) {
                controllerRuntimeErrors(controller).increment();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            durations("controller_runtime_reconcile_time", "Length of time per reconciliation per controller (controller-runtime's name)",
                    "controller", controller).record(took);
            durations("kfp_operator_reconcile_duration_seconds", "Duration of one reconcile (or cleanup)", "kind", kind).record(took);
        }
    }

    /** A reconcile-duration histogram: buckets from 1 ms to 2 min. */
    private Timer durations(String name, String description, String tag, String value) {
        return Timer.builder(name)
                .description(description)
                .tag(tag, value)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }

    private Counter controllerRuntimeCounter(String controller, String result) {
        return Counter.builder("controller_runtime_reconcile")
                .description("Total number of reconciliations per controller (controller-runtime's name)")
                .tag("controller", controller)
                .tag("result", result)
                .register(registry);
    }

    private Counter controllerRuntimeErrors(String controller) {
        return Counter.builder("controller_runtime_reconcile_errors")
                .description("Total number of reconciliation errors per controller (controller-runtime's name)")
                .tag("controller", controller)
                .register(registry);
    }

    private Counter counter(String kind, String outcome) {
        return Counter.builder("kfp_operator_reconcile_total")
                .description("Reconciles finished, by kind and outcome")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry);
    }

    private java.util.Optional<Set<ResourceID>> queue(Map<String, Object> metadata) {
        return kind(metadata).map(waiting::get);
    }

    private static java.util.Optional<String> kind(Map<String, Object> metadata) {
        Object gvk = metadata == null ? null : metadata.get(Constants.RESOURCE_GVK_KEY);
        String kind = gvk instanceof GroupVersionKind g ? g.getKind()
                : metadata == null ? null : KIND_BY_CONTROLLER.get(String.valueOf(metadata.get(Constants.CONTROLLER_NAME)));
        return java.util.Optional.ofNullable(kind);
    }
}
