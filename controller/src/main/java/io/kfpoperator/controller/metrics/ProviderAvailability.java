package io.kfpoperator.controller.metrics;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kfp_operator_provider_available{provider}}: 1 while a Provider's service answers its
 * readiness probe, else 0; checked every {@code interval} for every Provider the controller sees.
 */
public final class ProviderAvailability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderAvailability.class);

    private final KubernetesClient client;
    private final ProviderEndpoints endpoints;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> available = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kfp-operator-provider-availability");
        t.setDaemon(true);
        return t;
    });

    private ProviderAvailability(KubernetesClient client, ProviderEndpoints endpoints, MeterRegistry registry) {
        this.client = client;
        this.endpoints = endpoints;
        this.registry = registry;
    }

    public static ProviderAvailability start(KubernetesClient client, ProviderEndpoints endpoints, MeterRegistry registry, Duration interval) {
        ProviderAvailability availability = new ProviderAvailability(client, endpoints, registry);
        availability.scheduler.scheduleWithFixedDelay(availability::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return availability;
    }

    /** Probes every Provider once; public so tests need not wait for the schedule. */
    public void checkAll() {
        try {
            Set<String> seen = new HashSet<>();
            for (Provider provider : client.resources(Provider.class).inAnyNamespace().list().getItems()) {
                String name = provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName();
                seen.add(name);
                gauge(name).set(ready(endpoints.endpoint(NamespacedName.parse(name))) ? 1 : 0);
            }
            // A deleted Provider is not available (and says so rather than vanishing from dashboards).
            available.forEach((name, value) -> {
                if (!seen.contains(name)) {
                    value.set(0);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not check provider availability: {}", e.getMessage());
        }
    }

    private boolean ready(Optional<URI> endpoint) {
        if (endpoint.isEmpty()) {
            return false;
        }
        String base = endpoint.get().toString();
        URI readyz = URI.create((base.endsWith("/") ? base : base + "/") + "readyz");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private AtomicInteger gauge(String provider) {
        return available.computeIfAbsent(provider, p -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("kfp_operator_provider_available", value, AtomicInteger::get)
                    .description("1 while the Provider's service answers its readiness probe")
                    .tag("provider", p)
                    .register(registry);
            return value;
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
