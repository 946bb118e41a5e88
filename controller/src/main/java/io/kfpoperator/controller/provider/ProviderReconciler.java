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
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Status;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import io.kfpoperator.controller.config.OperatorConfig.DefaultProviderValues;
import io.kfpoperator.controller.logging.ReconcileLogging;
import io.kfpoperator.controller.status.ReconcileErrors;
import io.kfpoperator.controller.status.StatusRecorder;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.PlatformResourceReconciler;
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
    private final StatusRecorder recorder;
    private final ReconcileErrors errors;

    public ProviderReconciler(ControllerServices services) {
        this.services = services;
        this.defaults = services.config().spec().defaultProviderValues();
        this.recorder = services.recorder();
        this.errors = new ReconcileErrors(recorder, services.events(), services.clock());
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
                return recorder.recordOnce(provider, context, ProviderReconciler::copy, control -> true, () -> synchronise(provider));
            } finally {
                services.states().observed(provider);
            }
        });
    }

    @Override
    public ErrorStatusUpdateControl<Provider> updateErrorStatus(Provider provider, Context<Provider> context, Exception e) {
        return errors.updateErrorStatus(provider, context, e, ProviderReconciler::copy, Status::new);
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
        try {
            reconcileDeployment(provider, desiredDeployment);
        } catch (KubernetesClientException e) {
            throw subresourceFailed(provider, "deployment", e);
        }
        try {
            reconcileService(provider, desiredService);
        } catch (KubernetesClientException e) {
            throw subresourceFailed(provider, "service", e);
        }
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
            // JOSDK's retry (the same for every reconciler) tries again; the finalizer stays until it succeeds.
            LOG.warn("could not delete provider service of {}, retrying: {}", name(provider), ReconcileErrors.describe(e));
            throw e;
        }
        services.states().removed(provider.getKind(), provider.getMetadata().getNamespace(), provider.getMetadata().getName());
        return DeleteControl.defaultDelete();
    }

    /** Failed, as upstream says it; the failure goes on to the error path, which retries it. */
    private RuntimeException subresourceFailed(Provider provider, String subresource, KubernetesClientException e) {
        String message = "Failed to reconcile subresource " + subresource + ": " + ReconcileErrors.describe(e);
        record(provider, SynchronizationState.FAILED, message);
        return new SubresourceException(message, e);
    }

    /** A Deployment or Service the API server did not take; its cause says whether a retry can help. */
    static final class SubresourceException extends RuntimeException {
        SubresourceException(String message, KubernetesClientException cause) {
            super(message, cause);
        }
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
     * Stages the Synchronized condition (and observedGeneration), its change recorded as an Event;
     * the reconcile records the status once, at its end.
     */
    private void record(Provider provider, SynchronizationState state, String message) {
        Status current = provider.getStatus();
        Status next = withSync(current, state, message, provider.getMetadata().getGeneration());
        provider.setStatus(next);
        services.events().synchronizationChanged(provider, current == null ? null : current.getConditions(), next.getConditions(), null);
    }

    private static Status copy(Status status) {
        return COPIER.convertValue(status, Status.class);
    }

    private Status withSync(Status current, SynchronizationState state, String message, Long generation) {
        Status next = current == null ? new Status() : copy(current);
        next.setObservedGeneration(generation);
        next.setConditions(Conditions.merge(current == null ? null : current.getConditions(),
                Conditions.synchronizedCondition(state, message, generation, services.clock().instant())));
        return next;
    }

    private static String name(Provider provider) {
        return "Provider " + provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName();
    }

}
