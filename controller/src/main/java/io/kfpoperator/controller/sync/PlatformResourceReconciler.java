package io.kfpoperator.controller.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.PlatformOperation;
import io.kfpoperator.api.lifecycle.SyncDecision;
import io.kfpoperator.api.lifecycle.SyncFacts;
import io.kfpoperator.api.lifecycle.SyncResult;
import io.kfpoperator.api.lifecycle.SyncStateMachine;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Status;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import io.kfpoperator.controller.compile.Compilation;
import io.kfpoperator.controller.compile.DefinitionException;
import io.kfpoperator.controller.engine.EngineRequest;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.controller.logging.ReconcileLogging;
import io.kfpoperator.controller.status.ReconcileErrors;
import io.kfpoperator.controller.status.StatusRecorder;
import io.kfpoperator.provider.contract.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a kind that lives on the platform (Pipeline, Experiment, RunSchedule, Run):
 * observe (status, Provider) → validate → prepare (version, request body) → ask the
 * {@link SyncStateMachine} → call the engine → record status. Kinds differ only in how they
 * prepare; everything else is here once.
 *
 * <p>A reconcile works on the status it will leave ({@link #stage}) and records it once at the
 * end, through the {@link StatusRecorder}: nothing when it did not change, so a reconcile of an
 * unchanged resource makes no API write and no provider call; one write when it did. The
 * in-flight state of a provider call answered at once is staged (its Event says "Syncing") but
 * never written on its own: a restart mid-call decides the same operation again either way. An
 * operation handed on (Argo Workflow, compilation Job) is recorded as in flight, and its result
 * when it finishes.
 */
public abstract class PlatformResourceReconciler<R extends CustomResource<?, S>, S extends Status>
        implements Reconciler<R>, Cleaner<R> {

    /**
     * Our finalizer. Upstream's is {@code finalizer.pipelines.kubeflow.org}, which JOSDK refuses
     * (finalizers must be domain-qualified names); resources adopted from the Go operator still
     * carry it, so {@link #LEGACY_FINALIZER} is removed together with ours.
     */
    public static final String FINALIZER = "pipelines.kubeflow.org/finalizer";
    public static final String LEGACY_FINALIZER = "finalizer.pipelines.kubeflow.org";
    /** Changing this annotation's value retries a Failed resource (a user's "try again"). */
    public static final String RETRY_ANNOTATION = "pipelines.kubeflow.org/retry";
    /** Where we remember the retry value last acted on (an annotation: status has no field for it upstream). */
    public static final String RETRIED_ANNOTATION = "pipelines.kubeflow.org/retried";

    private static final ObjectMapper COPIER = new ObjectMapper();
    /** How soon an operation handed on (Workflow, compilation Job) is looked at again if no watch event came first. */
    private static final Duration IN_PROGRESS_RECHECK = Duration.ofMinutes(1);
    private final Logger log = LoggerFactory.getLogger(getClass());

    protected final ControllerServices services;
    private final Backoff backoff;
    private final Class<S> statusClass;
    private final StatusRecorder recorder;
    private final ReconcileErrors errors;

    protected PlatformResourceReconciler(ControllerServices services, Class<S> statusClass) {
        this.services = services;
        this.statusClass = statusClass;
        this.backoff = new Backoff(services.config().spec().retry().initial(), services.config().spec().retry().max());
        this.recorder = services.recorder();
        this.errors = new ReconcileErrors(recorder, services.events(), services.clock());
    }

    protected abstract ResourceType resourceType();

    protected abstract String specProvider(R resource);

    /**
     * Version and resource definition of the current spec, or what it is still waiting for.
     *
     * @param provider the Provider the spec names (validated to exist)
     */
    protected abstract Preparation prepare(R resource, Context<R> context, Provider provider);

    /**
     * {@code own} plus the watches every platform-backed kind needs: its Provider, and (argo
     * enabled) the Workflows carrying out its operations.
     */
    protected List<EventSource<?, R>> withPlatformWatches(EventSourceContext<R> context, List<EventSource<?, R>> own) {
        List<EventSource<?, R>> all = new ArrayList<>(own);
        all.add(Watches.providers(context, this::specProvider));
        if (services.config().spec().argo().enabled()) {
            all.add(Watches.workflows(context, resourceType().pathSegment()));
        }
        return all;
    }

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        return ReconcileLogging.inReconcile(resource, log, () -> {
            try {
                return recorder.recordOnce(resource, context, this::copy, control -> true, () -> synchronise(resource, context));
            } finally {
                services.states().observed(resource);
            }
        });
    }

    /** Every failure that escapes a reconcile ends here: a status that says what happened, an Event, and a retry or none. */
    @Override
    public ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> context, Exception e) {
        return errors.updateErrorStatus(resource, context, e, this::copy, this::emptyStatus);
    }

    /** Kinds that do more than synchronise (Run: completion and TTL) call this from their reconcile. */
    protected UpdateControl<R> synchronise(R resource, Context<R> context) {
        Provider provider = specProviderResource(resource);
        List<Violation> violations = validate(resource, provider);
        if (!violations.isEmpty()) {
            String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            S failed = withSync(resource, SyncResult.of(SynchronizationState.FAILED, message, "", status(resource).getProvider()));
            stage(resource, failed);
            return UpdateControl.noUpdate();
        }
        Preparation preparation = prepare(resource, context, provider);
        if (preparation instanceof Preparation.Waiting waiting) {
            S current = status(resource);
            S next = copy(current);
            next.setObservedGeneration(resource.getMetadata().getGeneration());
            List<io.kfpoperator.api.v1beta1.Condition> conditions = current.getConditions();
            if (waiting.absent()) {
                // Shown where users look (the SynchronizationState column), not only in a condition beside it.
                conditions = Conditions.merge(conditions, Conditions.synchronizedCondition(SynchronizationState.FAILED, waiting.message(),
                        resource.getMetadata().getGeneration(), now()));
            } else if (failedForAbsence(current)) {
                // What was missing exists again: nothing is on the platform yet, so the state is unknown, not Failed.
                conditions = Conditions.remove(conditions, Conditions.SYNCHRONIZED);
            }
            next.setConditions(Conditions.merge(conditions, Conditions.condition(Conditions.PARAMETERS_RESOLVED,
                    ConditionStatus.FALSE, waiting.reason(), waiting.message(), resource.getMetadata().getGeneration(), now())));
            if (stage(resource, next)) {
                services.events().warning(resource, waiting.reason(), waiting.message());
            }
            return UpdateControl.noUpdate();
        }
        Preparation.Ready ready = (Preparation.Ready) preparation;
        if (failedForAbsence(status(resource))) {
            // What was missing is back: synchronise again rather than keep a Failed that no longer holds.
            S next = copy(status(resource));
            next.setConditions(Conditions.remove(next.getConditions(), Conditions.SYNCHRONIZED));
            resource.setStatus(next);
        }
        SyncFacts facts = facts(resource, ready.version(), false);
        SyncDecision decision = SyncStateMachine.decide(facts);
        return apply(resource, facts, decision, ready, provider);
    }

    /** Failed only because something it depends on did not exist (the state {@link Preparation.Waiting#absent} leaves). */
    private static boolean failedForAbsence(Status status) {
        var waitingFor = Conditions.find(status.getConditions(), Conditions.PARAMETERS_RESOLVED);
        return Conditions.synchronizationState(status.getConditions()) == SynchronizationState.FAILED && waitingFor.isPresent()
                && Objects.equals(waitingFor.get().getMessage(), Conditions.synchronizationMessage(status.getConditions()));
    }

    @Override
    public DeleteControl cleanup(R resource, Context<R> context) {
        // A released resource is about to disappear: its last status is nobody's to read.
        return ReconcileLogging.inReconcile(resource, log, () ->
                recorder.recordOnce(resource, context, this::copy, control -> !control.isRemoveFinalizer(), () -> delete(resource)));
    }

    private DeleteControl delete(R resource) {
        S current = status(resource);
        SyncFacts facts = facts(resource, Objects.requireNonNullElse(current.getVersion(), ""), true);
        SyncDecision decision = SyncStateMachine.decide(facts);
        if (decision instanceof SyncDecision.ReleaseFinalizer) {
            return release(resource);
        }
        SyncResult result;
        boolean handedOn = false;
        if (decision instanceof SyncDecision.Record record) {
            result = record.result();
        } else if (decision instanceof SyncDecision.Call call) {
            stage(resource, withSync(resource, keepMessage(resource, SyncStateMachine.inFlight(facts, call.operation()))));
            ReconcileLogging.changed(); // a provider call, or a Workflow or Job started or read
            OperationOutcome outcome = services.engine().execute(new EngineRequest(resource, providerNamed(call.operation().provider()),
                    call.operation(), resourceType(), facts.statusVersion(), null, Optional.empty()));
            result = SyncStateMachine.afterOperation(facts, call.operation(), outcome);
            handedOn = outcome instanceof OperationOutcome.InProgress;
        } else {
            return release(resource);
        }
        String key = key(resource);
        if (result.retry()) {
            int attempt = backoff.failed(key);
            stage(resource, withSync(resource, withAttempt(result, attempt)));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(backoff.delay(attempt).toMillis());
        }
        if (handedOn) {
            // The engine's watch wakes us when the Workflow finishes; the delay is only a safety net.
            backoff.succeeded(key);
            stage(resource, withSync(resource, result));
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(IN_PROGRESS_RECHECK.toMillis());
        }
        backoff.succeeded(key);
        stage(resource, withSync(resource, result));
        return result.state() == SynchronizationState.DELETED ? release(resource) : DeleteControl.noFinalizerRemoval();
    }

    /** Lets Kubernetes delete the resource: JOSDK removes our finalizer, we remove upstream's. */
    private DeleteControl release(R resource) {
        services.states().removed(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        List<String> finalizers = resource.getMetadata().getFinalizers();
        if (finalizers != null && finalizers.contains(LEGACY_FINALIZER)) {
            services.client().resources(resourceClass(resource)).inNamespace(resource.getMetadata().getNamespace())
                    .withName(resource.getMetadata().getName())
                    .edit(r -> {
                        r.getMetadata().getFinalizers().remove(LEGACY_FINALIZER);
                        return r;
                    });
            ReconcileLogging.changed();
        }
        return DeleteControl.defaultDelete();
    }

    private UpdateControl<R> apply(R resource, SyncFacts facts, SyncDecision decision, Preparation.Ready ready, Provider provider) {
        if (decision instanceof SyncDecision.NothingToDo) {
            // Parameters may have become resolvable while nothing else changed.
            S current = status(resource);
            if (Conditions.find(current.getConditions(), Conditions.PARAMETERS_RESOLVED).isPresent()) {
                S next = copy(current);
                next.setConditions(Conditions.remove(current.getConditions(), Conditions.PARAMETERS_RESOLVED));
                stage(resource, next);
            }
            return UpdateControl.noUpdate();
        }
        if (decision instanceof SyncDecision.Record record) {
            stage(resource, withSync(resource, record.result()));
            return UpdateControl.noUpdate();
        }
        if (decision instanceof SyncDecision.Call call) {
            log.info("calling provider: {} {} {}/{}", call.operation().getClass().getSimpleName().toLowerCase(), resourceType().pathSegment(),
                    resource.getMetadata().getNamespace(), resource.getMetadata().getName());
            stage(resource, withSync(resource, keepMessage(resource, SyncStateMachine.inFlight(facts, call.operation()))));
            ReconcileLogging.changed(); // a provider call, or a Workflow or Job started or read
            OperationOutcome outcome = execute(resource, provider, call.operation(), ready);
            SyncResult result = SyncStateMachine.afterOperation(facts, call.operation(), outcome);
            String key = key(resource);
            rememberRetry(resource);
            if (outcome instanceof OperationOutcome.InProgress) {
                // The engine's watch (Workflows, Jobs) wakes us when it finishes; the delay is only a safety net.
                backoff.succeeded(key);
                stage(resource, withSync(resource, result));
                return UpdateControl.<R>noUpdate().rescheduleAfter(IN_PROGRESS_RECHECK);
            }
            if (result.retry()) {
                int attempt = backoff.failed(key);
                stage(resource, withSync(resource, withAttempt(result, attempt)));
                Duration delay = backoff.delay(attempt);
                log.info("transient failure, retrying in {} ms: {}", delay.toMillis(), result.message());
                return UpdateControl.<R>noUpdate().rescheduleAfter(delay);
            }
            backoff.succeeded(key);
            stage(resource, withSync(resource, result));
        }
        return UpdateControl.noUpdate();
    }

    /**
     * Builds the request body (a Pipeline compiled here, outside the engine, unless the engine
     * compiles in its own Workflow) and hands the operation to the engine. A body that cannot be
     * built, or a compilation still running in its Job, is the outcome without any provider call.
     */
    private OperationOutcome execute(R resource, Provider provider, PlatformOperation operation, Preparation.Ready ready) {
        JsonNode body;
        Optional<String> compilerImage = Optional.empty();
        try {
            JsonNode definition = ProviderServiceClient.toTree(ready.definition().get());
            Preparation.PipelineBuild build = ready.pipeline();
            if (build == null) {
                body = definition;
            } else if (build.frameworkImage().isPresent() && services.engine().compilesInWorkflow(provider)) {
                body = definition;
                compilerImage = build.frameworkImage();
            } else {
                Compilation compilation = build.compile().apply((ObjectNode) definition);
                if (compilation instanceof Compilation.InProgress waiting) {
                    return new OperationOutcome.InProgress(waiting.message());
                }
                body = EngineRequest.pipelineRequest(definition, ((Compilation.Compiled) compilation).pipeline());
            }
        } catch (DefinitionException e) {
            return e.outcome();
        }
        return services.engine().execute(new EngineRequest(resource, provider, operation, resourceType(), ready.version(), body, compilerImage));
    }

    /** The shared validators plus the rules that need the referenced Provider. */
    protected List<Violation> validate(R resource, Provider provider) {
        List<Violation> violations = new ArrayList<>(ResourceValidator.validate(resource));
        if (violations.isEmpty()) {
            violations.addAll(ResourceValidator.validateAgainstProvider(resource, specProvider(resource), provider));
        }
        return violations;
    }

    /** The Provider spec.provider names, or null when it does not exist or the reference is not valid (validation says which). */
    private Provider specProviderResource(R resource) {
        String reference = specProvider(resource);
        boolean complete = reference != null && NamespacedName.tryParse(reference)
                .filter(n -> !n.namespace().isEmpty() && !n.name().isEmpty()).isPresent();
        return complete ? providerNamed(reference) : null;
    }

    protected Provider providerNamed(String reference) {
        NamespacedName name = NamespacedName.parse(reference);
        try {
            return services.client().resources(Provider.class).inNamespace(name.namespace()).withName(name.name()).get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("could not read Provider " + reference + ": " + e.getMessage(), e);
        }
    }

    private SyncFacts facts(R resource, String desiredVersion, boolean deleting) {
        S status = status(resource);
        return new SyncFacts(specProvider(resource), Conditions.synchronizationState(status.getConditions()), status.getVersion(),
                status.getProvider(), desiredVersion, deleting, retryRequested(resource));
    }

    private static boolean retryRequested(CustomResource<?, ?> resource) {
        var annotations = resource.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(RETRY_ANNOTATION)) {
            return false;
        }
        return !Objects.equals(annotations.get(RETRY_ANNOTATION), annotations.get(RETRIED_ANNOTATION));
    }

    /** Marks the current retry request as handled, so it triggers exactly one new attempt. */
    private void rememberRetry(R resource) {
        if (!retryRequested(resource)) {
            return;
        }
        String value = resource.getMetadata().getAnnotations().get(RETRY_ANNOTATION);
        services.client().resources(resourceClass(resource)).inNamespace(resource.getMetadata().getNamespace())
                .withName(resource.getMetadata().getName())
                .edit(r -> {
                    r.getMetadata().getAnnotations().put(RETRIED_ANNOTATION, value);
                    return r;
                });
        ReconcileLogging.changed();
    }

    /** While retrying the same operation, keep showing why the last attempt failed (no Event for an unchanged state). */
    private SyncResult keepMessage(R resource, SyncResult inFlight) {
        var current = Conditions.find(status(resource).getConditions(), Conditions.SYNCHRONIZED);
        if (current.isPresent() && current.get().getReason().equals(inFlight.state().reason())) {
            return SyncResult.of(inFlight.state(), current.get().getMessage(), inFlight.version(), inFlight.provider());
        }
        return inFlight;
    }

    private static SyncResult withAttempt(SyncResult result, int attempt) {
        return new SyncResult(result.state(), result.message() + " (attempt " + attempt + ", retrying)", result.version(), result.provider(), true);
    }

    /** Current status with the sync result applied (other fields, e.g. a Run's dependencies, kept). */
    protected S withSync(R resource, SyncResult result) {
        S current = status(resource);
        S next = copy(current);
        Long generation = resource.getMetadata().getGeneration();
        next.setProvider(result.provider());
        next.setVersion(result.version());
        next.setObservedGeneration(generation);
        List<io.kfpoperator.api.v1beta1.Condition> conditions = Conditions.merge(current.getConditions(),
                Conditions.synchronizedCondition(result.state(), result.message(), generation, now()));
        next.setConditions(Conditions.remove(conditions, Conditions.PARAMETERS_RESOLVED));
        return next;
    }

    /**
     * Makes {@code next} the status this reconcile leaves (recorded once, at its end), and records
     * a change of the Synchronized condition as an Event. Returns whether it differs from the
     * status staged so far.
     */
    protected boolean stage(R resource, S next) {
        S current = resource.getStatus();
        boolean changed = !Objects.equals(current, next);
        resource.setStatus(next);
        // Each state the resource passes through is an Event, the in-flight one of a call answered at once included.
        services.events().synchronizationChanged(resource, current == null ? null : current.getConditions(), next.getConditions(), next.getVersion());
        return changed;
    }

    @SuppressWarnings("unchecked")
    private Class<R> resourceClass(R resource) {
        return (Class<R>) resource.getClass();
    }

    protected S status(R resource) {
        S status = resource.getStatus();
        return status != null ? status : emptyStatus();
    }

    private S emptyStatus() {
        try {
            return statusClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    protected S copy(S status) {
        return COPIER.convertValue(status, statusClass);
    }

    protected Instant now() {
        return services.clock().instant();
    }

    private static String key(CustomResource<?, ?> resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + "/" + resource.getMetadata().getUid();
    }
}
