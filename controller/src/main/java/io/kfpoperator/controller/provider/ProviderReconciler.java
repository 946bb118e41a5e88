package io.kfpoperator.controller.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Status;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import io.kfpoperator.controller.config.OperatorConfig.DefaultProviderValues;
import io.kfpoperator.controller.sync.Backoff;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.ReconcileLogging;
import io.kfpoperator.controller.sync.PlatformResourceReconciler;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Provider's provider service: one Deployment and one Service in the Provider's
 * namespace, owned by it. The desired objects come from {@link ProviderDeployments};
 * this class only compares them with what exists and writes the difference.
 *
 * <p>Owner references make a real cluster delete both with the Provider. Not every API server
 * collects garbage (the sandbox's and the tests' do not), so {@link #cleanup} deletes them too; that
 * is the only reason a Provider carries a finalizer.
 *
 * <p>The owned objects are listed from the API server rather than from the informer cache: with
 * generated names, a cache that has not seen our last create yet would make us create a second
 * Deployment. Reads are cheap and Providers change rarely; writes happen only on a difference.
 */
@ControllerConfiguration(name = "provider", finalizerName = PlatformResourceReconciler.FINALIZER)
public class ProviderReconciler implements Reconciler<Provider>, Cleaner<Provider> {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderReconciler.class);
    private static final ObjectMapper COPIER = new ObjectMapper();

    private final ControllerServices services;
    private final DefaultProviderValues defaults;
    private final Backoff backoff;

    public ProviderReconciler(ControllerServices services) {
        this.services = services;
        this.defaults = services.config().spec().defaultProviderValues();
        this.backoff = new Backoff(services.config().spec().retry().initial(), services.config().spec().retry().max());
    }

    @Override
    public List<EventSource<?, Provider>> prepareEventSources(EventSourceContext<Provider> context) {
        InformerEventSource<Deployment, Provider> deployments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Deployment.class, Provider.class)
                        .withName("provider-deployments")
                        .withSecondaryToPrimaryMapper(Mappers.<Deployment>fromOwnerReferences(Provider.class))
                        .withNamespacesInheritedFromController()
                        .withOnUpdateFilter(ProviderReconciler.<Deployment>desiredStateChanged(Deployment::getSpec))
                        .build(),
                context);
        InformerEventSource<Service, Provider> services = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Service.class, Provider.class)
                        .withName("provider-services")
                        .withSecondaryToPrimaryMapper(Mappers.<Service>fromOwnerReferences(Provider.class))
                        .withNamespacesInheritedFromController()
                        .withOnUpdateFilter(ProviderReconciler.<Service>desiredStateChanged(Service::getSpec))
                        .build(),
                context);
        return List.of(deployments, services);
    }

    /**
     * Like upstream's GenerationChanged predicate: a Deployment's status moves all the time while
     * pods start, and none of that is ours to correct, so only changes to what we write trigger.
     */
    private static <R extends HasMetadata> OnUpdateFilter<R> desiredStateChanged(Function<R, Object> spec) {
        return (updated, previous) -> !Objects.equals(spec.apply(updated), spec.apply(previous))
                || !Objects.equals(updated.getMetadata().getLabels(), previous.getMetadata().getLabels())
                || !Objects.equals(updated.getMetadata().getAnnotations(), previous.getMetadata().getAnnotations())
                || !Objects.equals(updated.getMetadata().getOwnerReferences(), previous.getMetadata().getOwnerReferences())
                || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), previous.getMetadata().getDeletionTimestamp());
    }

    @Override
    public UpdateControl<Provider> reconcile(Provider provider, Context<Provider> context) {
        return ReconcileLogging.inReconcile(provider, LOG, () -> {
            try {
                return synchronise(provider);
            } finally {
                services.states().observed(provider);
            }
        });
    }

    private UpdateControl<Provider> synchronise(Provider provider) {
        List<Violation> violations = ResourceValidator.validate(provider);
        if (!violations.isEmpty()) {
            // Nothing is created or changed: a running provider service keeps serving until the spec is fixed.
            record(provider, SynchronizationState.FAILED, violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
            return UpdateControl.noUpdate();
        }
        Deployment desiredDeployment;
        Service desiredService;
        try {
            desiredDeployment = ProviderDeployments.deployment(provider, defaults);
            desiredService = ProviderDeployments.service(provider, defaults);
        } catch (InvalidProviderTemplateException e) {
            // Operator configuration, not the Provider, is wrong; a restart with a fixed config reconciles again.
            LOG.error("cannot build provider service for {}: {}", name(provider), e.getMessage());
            record(provider, SynchronizationState.FAILED, e.getMessage());
            return UpdateControl.noUpdate();
        }
        String key = key(provider);
        try {
            reconcileDeployment(provider, desiredDeployment);
        } catch (KubernetesClientException e) {
            return retry(provider, key, "deployment", e);
        }
        try {
            reconcileService(provider, desiredService);
        } catch (KubernetesClientException e) {
            return retry(provider, key, "service", e);
        }
        backoff.succeeded(key);
        record(provider, SynchronizationState.SUCCEEDED, "");
        return UpdateControl.noUpdate();
    }

    private void reconcileDeployment(Provider provider, Deployment desired) {
        KubernetesClient client = services.client();
        String namespace = provider.getMetadata().getNamespace();
        List<Deployment> owned = live(owned(client.apps().deployments().inNamespace(namespace).list().getItems(), provider));
        if (owned.isEmpty()) {
            record(provider, SynchronizationState.CREATING, "");
            Deployment created = client.apps().deployments().inNamespace(namespace).resource(desired).create();
            ReconcileLogging.changed();
            LOG.info("created provider deployment {}/{} for {}", namespace, created.getMetadata().getName(), name(provider));
            return;
        }
        Deployment current = owned.get(0);
        deleteDuplicates(owned, "deployment", d -> client.apps().deployments().inNamespace(namespace).resource(d).delete());
        if (ProviderDeployments.upToDate(desired, current)) {
            return;
        }
        record(provider, SynchronizationState.UPDATING, "");
        current.getMetadata().setLabels(desired.getMetadata().getLabels());
        Map<String, String> annotations = new HashMap<>(current.getMetadata().getAnnotations() == null ? Map.of() : current.getMetadata().getAnnotations());
        annotations.putAll(desired.getMetadata().getAnnotations());
        current.getMetadata().setAnnotations(annotations);
        current.setSpec(desired.getSpec());
        // A plain update carries our resourceVersion: a concurrent change makes it fail (409) and we retry on fresh state.
        client.apps().deployments().inNamespace(namespace).resource(current).update();
        ReconcileLogging.changed();
        LOG.info("updated provider deployment {}/{} for {}", namespace, current.getMetadata().getName(), name(provider));
    }

    private void reconcileService(Provider provider, Service desired) {
        KubernetesClient client = services.client();
        String namespace = provider.getMetadata().getNamespace();
        List<Service> owned = live(owned(client.services().inNamespace(namespace).list().getItems(), provider));
        if (!owned.isEmpty()) {
            Service current = owned.get(0);
            deleteDuplicates(owned, "service", s -> client.services().inNamespace(namespace).resource(s).delete());
            if (ProviderDeployments.upToDate(desired, current)) {
                return;
            }
            // Replaced rather than updated, as upstream does: several Service fields cannot be changed in place.
            record(provider, SynchronizationState.UPDATING, "");
            client.services().inNamespace(namespace).resource(current).delete();
            ReconcileLogging.changed();
            LOG.info("deleted outdated provider service {}/{} for {}", namespace, current.getMetadata().getName(), name(provider));
        } else {
            record(provider, SynchronizationState.CREATING, "");
        }
        Service created = client.services().inNamespace(namespace).resource(desired).create();
        ReconcileLogging.changed();
        LOG.info("created provider service {}/{} for {}", namespace, created.getMetadata().getName(), name(provider));
    }

    private static <T extends HasMetadata> void deleteDuplicates(List<T> owned, String kind, Consumer<T> delete) {
        for (T extra : owned.subList(1, owned.size())) {
            LOG.warn("deleting duplicate provider {} {}/{}", kind, extra.getMetadata().getNamespace(), extra.getMetadata().getName());
            delete.accept(extra);
        }
    }

    @Override
    public DeleteControl cleanup(Provider provider, Context<Provider> context) {
        return ReconcileLogging.inReconcile(provider, LOG, () -> delete(provider));
    }

    private DeleteControl delete(Provider provider) {
        KubernetesClient client = services.client();
        String namespace = provider.getMetadata().getNamespace();
        String key = key(provider);
        try {
            for (Deployment deployment : owned(client.apps().deployments().inNamespace(namespace).list().getItems(), provider)) {
                client.apps().deployments().inNamespace(namespace).resource(deployment).delete();
                ReconcileLogging.changed();
                LOG.info("deleted provider deployment {}/{} of deleted {}", namespace, deployment.getMetadata().getName(), name(provider));
            }
            for (Service service : owned(client.services().inNamespace(namespace).list().getItems(), provider)) {
                client.services().inNamespace(namespace).resource(service).delete();
                ReconcileLogging.changed();
                LOG.info("deleted provider service {}/{} of deleted {}", namespace, service.getMetadata().getName(), name(provider));
            }
        } catch (KubernetesClientException e) {
            int attempt = backoff.failed(key);
            Duration delay = backoff.delay(attempt);
            LOG.warn("could not delete provider service of {} (attempt {}), retrying in {} ms: {}", name(provider), attempt, delay.toMillis(), cause(e));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(delay.toMillis());
        }
        backoff.succeeded(key);
        services.states().removed(provider.getKind(), provider.getMetadata().getNamespace(), provider.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }

    private UpdateControl<Provider> retry(Provider provider, String key, String subresource, KubernetesClientException e) {
        int attempt = backoff.failed(key);
        Duration delay = backoff.delay(attempt);
        LOG.warn("failed to reconcile {} of {} (attempt {}), retrying in {} ms: {}", subresource, name(provider), attempt, delay.toMillis(), cause(e));
        record(provider, SynchronizationState.FAILED,
                "Failed to reconcile subresource " + subresource + ": " + cause(e) + " (attempt " + attempt + ", retrying)");
        return UpdateControl.<Provider>noUpdate().rescheduleAfter(delay);
    }

    /** Objects controlled by this Provider, oldest first: the oldest is the one we keep. */
    private static <T extends HasMetadata> List<T> owned(List<T> items, Provider provider) {
        return items.stream()
                .filter(item -> ProviderDeployments.isControlledBy(item, provider))
                .sorted(Comparator.comparing((T item) -> Objects.requireNonNullElse(item.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(item -> item.getMetadata().getName()))
                .toList();
    }

    /** Without those already being deleted: a replaced Service may linger while its successor exists. */
    private static <T extends HasMetadata> List<T> live(List<T> items) {
        return items.stream().filter(item -> item.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /**
     * Sets the Synchronized condition (and observedGeneration) when it changed and records the
     * Event that goes with it, the same way the other kinds do; an unchanged status is not written.
     *
     * <p>The Provider handed to a reconcile comes from the informer cache, which may not have seen
     * our previous status write yet (a Deployment event can start the next reconcile first). Before
     * writing, the status is therefore compared with the API server's, so a stale cache costs one
     * read instead of a repeated write and a duplicate Event.
     */
    private void record(Provider provider, SynchronizationState state, String message) {
        Long generation = provider.getMetadata().getGeneration();
        Status cached = provider.getStatus();
        if (Objects.equals(cached, withSync(cached, state, message, generation))) {
            return;
        }
        Provider fresh = services.client().resources(Provider.class).inNamespace(provider.getMetadata().getNamespace())
                .withName(provider.getMetadata().getName()).get();
        if (fresh == null) {
            return;
        }
        Status current = fresh.getStatus();
        Status next = withSync(current, state, message, generation);
        if (!Objects.equals(current, next)) {
            services.client().resources(Provider.class).inNamespace(provider.getMetadata().getNamespace())
                    .withName(provider.getMetadata().getName())
                    .editStatus(p -> {
                        p.setStatus(next);
                        return p;
                    });
            ReconcileLogging.changed();
            services.events().synchronizationChanged(provider, current == null ? null : current.getConditions(), next.getConditions(), null);
        }
        provider.setStatus(next);
    }

    private Status withSync(Status current, SynchronizationState state, String message, Long generation) {
        Status next = current == null ? new Status() : COPIER.convertValue(current, Status.class);
        next.setObservedGeneration(generation);
        next.setConditions(Conditions.merge(current == null ? null : current.getConditions(),
                Conditions.synchronizedCondition(state, message, generation, services.clock().instant())));
        return next;
    }

    /** The API server's own message when it answered, else what stopped the request (e.g. "Connection refused"). */
    private static String cause(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? "" : e.getMessage().replaceFirst("\\.$", "");
        if (root != e) {
            // fabric8 says only "An error has occurred"; what happened is in the cause (often a message-less ConnectException).
            String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            if (!message.contains(detail)) {
                message = message.isEmpty() ? detail : message + ": " + detail;
            }
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    private static String name(Provider provider) {
        return "Provider " + provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName();
    }

    private static String key(Provider provider) {
        return provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName() + "/" + provider.getMetadata().getUid();
    }
}
