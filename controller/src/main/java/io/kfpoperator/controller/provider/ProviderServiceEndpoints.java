package io.kfpoperator.controller.provider;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a Provider's provider service in the cluster: the Service the {@link ProviderReconciler}
 * created for it (label {@code app=provider-<name>}, controlled by a Provider of that name), as
 * {@code http://<service>.<namespace>:<http port>}.
 *
 * <p>Found addresses are cached for a short time so that a burst of reconciles does not list
 * Services once per call. Because the reconciler replaces (not updates) a Service that drifted, the
 * cache is short-lived and an absence is never cached: a new Service is used as soon as it exists,
 * a replaced one within {@code ttl}.
 */
public final class ProviderServiceEndpoints implements ProviderEndpoints {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ProviderServiceEndpoints.class);

    private final KubernetesClient client;
    private final int defaultServicePort;
    private final Clock clock;
    private final Duration ttl;
    private final Map<NamespacedName, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(URI uri, Instant expires) {
    }

    /**
     * @param defaultServicePort used when the Service has no port named {@code http}
     *                           (the operator's {@code defaultProviderValues.servicePort})
     */
    public ProviderServiceEndpoints(KubernetesClient client, int defaultServicePort, Clock clock, Duration ttl) {
        this.client = client;
        this.defaultServicePort = defaultServicePort;
        this.clock = clock;
        this.ttl = ttl;
    }

    public ProviderServiceEndpoints(KubernetesClient client, int defaultServicePort) {
        this(client, defaultServicePort, Clock.systemUTC(), DEFAULT_TTL);
    }

    @Override
    public Optional<URI> endpoint(NamespacedName provider) {
        if (provider.namespace().isEmpty() || provider.name().isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached cached = cache.get(provider);
        if (cached != null && now.isBefore(cached.expires())) {
            return Optional.of(cached.uri());
        }
        Optional<URI> found = lookup(provider);
        found.ifPresentOrElse(uri -> cache.put(provider, new Cached(uri, now.plus(ttl))), () -> cache.remove(provider));
        return found;
    }

    private Optional<URI> lookup(NamespacedName provider) {
        List<Service> services;
        try {
            services = client.services().inNamespace(provider.namespace())
                    .withLabel(ProviderDeployments.APP_LABEL, ProviderDeployments.appName(provider.name()))
                    .list().getItems();
        } catch (KubernetesClientException e) {
            // The engine treats "no endpoint" as not ready yet and retries; say why here.
            LOG.warn("could not list services of Provider {}/{}: {}", provider.namespace(), provider.name(), e.getMessage());
            return Optional.empty();
        }
        return services.stream()
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .filter(s -> controlledByProvider(s, provider.name()))
                // After a replacement the newest one is the one the reconciler keeps.
                .max(Comparator.comparing((Service s) -> Objects.requireNonNullElse(s.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(s -> s.getMetadata().getName()))
                .map(s -> URI.create("http://" + s.getMetadata().getName() + "." + provider.namespace() + ":" + httpPort(s)));
    }

    private static boolean controlledByProvider(Service service, String providerName) {
        List<OwnerReference> owners = service.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController())
                && HasMetadata.getKind(Provider.class).equals(o.getKind())
                && providerName.equals(o.getName()));
    }

    private int httpPort(Service service) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return defaultServicePort;
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> ProviderDeployments.HTTP_PORT.equals(p.getName()))
                .map(ServicePort::getPort)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(defaultServicePort);
    }
}
