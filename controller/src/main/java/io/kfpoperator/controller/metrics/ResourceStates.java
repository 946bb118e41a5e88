package io.kfpoperator.controller.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kfp_operator_resources{kind,namespace,state}}: how many resources are in each
 * synchronisation state (the pipeline count is its Pipeline rows). Fed by the reconcilers each
 * time they observe or write a state; a restart rebuilds it on the first resync.
 */
public final class ResourceStates {

    private record Key(String kind, String namespace, String state) {
    }

    private final MeterRegistry registry;
    private final Map<String, Key> stateOf = new ConcurrentHashMap<>();
    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

    public ResourceStates(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the state a reconcile left the resource in (the reason of its Synchronized condition). */
    public void observed(io.fabric8.kubernetes.api.model.HasMetadata resource) {
        Object status = resource instanceof io.fabric8.kubernetes.client.CustomResource<?, ?> cr ? cr.getStatus() : null;
        java.util.List<io.kfpoperator.api.v1beta1.Condition> conditions = status instanceof io.kfpoperator.api.v1beta1.Status s ? s.getConditions()
                : status instanceof io.kfpoperator.api.v1beta1.RunConfigurationStatus s ? s.getConditions() : null;
        observed(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
                io.kfpoperator.api.lifecycle.Conditions.synchronizationState(conditions).reason());
    }

    /** Records that {@code kind namespace/name} is in {@code state} ("" = not yet synchronised). */
    public void observed(String kind, String namespace, String name, String state) {
        String resource = kind + "/" + namespace + "/" + name;
        Key key = new Key(kind, namespace, state == null || state.isEmpty() ? "Unknown" : state);
        Key previous = stateOf.put(resource, key);
        if (Objects.equals(previous, key)) {
            return;
        }
        if (previous != null) {
            counts.get(previous).decrementAndGet();
        }
        counter(key).incrementAndGet();
    }

    /** The resource is gone. */
    public void removed(String kind, String namespace, String name) {
        Key previous = stateOf.remove(kind + "/" + namespace + "/" + name);
        if (previous != null) {
            counts.get(previous).decrementAndGet();
        }
    }

    private AtomicLong counter(Key key) {
        return counts.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("kfp_operator_resources", value, AtomicLong::get)
                    .description("Resources per kind, namespace and synchronization state")
                    .tag("kind", k.kind()).tag("namespace", k.namespace()).tag("state", k.state())
                    .register(registry);
            return value;
        });
    }
}
