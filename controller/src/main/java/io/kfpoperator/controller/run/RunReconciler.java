package io.kfpoperator.controller.run;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.OperationOutcome;
import io.kfpoperator.api.lifecycle.RunAttempts;
import io.kfpoperator.api.lifecycle.SyncResult;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.Dependencies;
import io.kfpoperator.api.v1beta1.PipelineDependency;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.ProviderAndId;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.RunStatus;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.dependencies.ParameterResolution;
import io.kfpoperator.controller.dependencies.PipelineVersions;
import io.kfpoperator.controller.kube.Labels;
import io.kfpoperator.controller.logging.ReconcileLogging;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.Definitions;
import io.kfpoperator.controller.sync.PlatformResourceReconciler;
import io.kfpoperator.controller.sync.Preparation;
import io.kfpoperator.controller.sync.Watches;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.contract.RunDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-off run: waits for its pipeline version and parameter dependencies, submits once (its
 * spec is immutable), records when it completed and deletes it after {@code runCompletionTTL}.
 * With {@code spec.retry} it submits again, after a backoff, each attempt that failed
 * ({@link RunAttempts} decides); with {@code spec.timeout} it stops an attempt running too long.
 */
// Not generation-aware: completion is reported in status (by the run-completion endpoint), which does not bump the generation;
// RunChanges keeps the reconciler's own status writes from waking it.
@ControllerConfiguration(name = "run", finalizerName = PlatformResourceReconciler.FINALIZER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RunChanges.class))
public class RunReconciler extends PlatformResourceReconciler<Run, RunStatus> {

    /** How soon a stop the provider service could not take (a Run past its timeout) is tried again. */
    private static final Duration STOP_RETRY = Duration.ofSeconds(30);

    private final PipelineVersions pipelineVersions;
    private final ParameterResolution parameters;

    public RunReconciler(ControllerServices services) {
        super(services, RunStatus.class);
        this.pipelineVersions = new PipelineVersions(services.client());
        this.parameters = new ParameterResolution(services.client());
    }

    @Override
    public List<EventSource<?, Run>> prepareEventSources(EventSourceContext<Run> context) {
        return withPlatformWatches(context, List.of(
                Watches.pipelines(context, run -> run.getSpec() == null ? "" : Watches.pipelineName(run.getSpec().getPipeline())),
                Watches.runConfigurations(context, run -> run.getSpec() == null ? List.of()
                        : ParameterResolution.referencedRunConfigurations(run.getSpec().getParameters()))));
    }

    @Override
    protected UpdateControl<Run> synchronise(Run run, Context<Run> context) {
        Optional<UpdateControl<Run>> completion = handleCompletion(run);
        if (completion.isPresent()) {
            return completion.get();
        }
        Optional<UpdateControl<Run>> backingOff = startNextAttempt(run);
        if (backingOff.isPresent()) {
            return backingOff.get();
        }
        return enforceTimeout(run, super.synchronise(run, context));
    }

    /**
     * After a failed attempt (recorded by the run-completion endpoint with {@code nextAttemptAt}):
     * waits out the backoff, then makes the platform run to create again, for the attempt
     * {@code status.attempt}. The create is idempotent per name, version and attempt, so a restart
     * or a lost answer before the new id is recorded repeats the create and gets the same run.
     */
    private Optional<UpdateControl<Run>> startNextAttempt(Run run) {
        RunStatus status = status(run);
        if (status.getNextAttemptAt() == null) {
            return Optional.empty();
        }
        Instant at = Instant.parse(status.getNextAttemptAt());
        if (now().isBefore(at)) {
            return Optional.of(UpdateControl.<Run>noUpdate().rescheduleAfter(Duration.between(now(), at).plusMillis(100)));
        }
        RunStatus next = copy(status);
        next.setNextAttemptAt(null);
        String provider = status.getProvider() == null || status.getProvider().getName() == null
                ? run.getSpec().getProvider() : status.getProvider().getName();
        next.setProvider(new ProviderAndId().withName(provider).withId(""));
        Long generation = run.getMetadata().getGeneration();
        List<Condition> conditions = Conditions.remove(status.getConditions(), RunAttempts.COMPLETED);
        next.setConditions(Conditions.merge(conditions, Conditions.synchronizedCondition(SynchronizationState.CREATING,
                "starting attempt " + RunAttempts.current(status), generation, now())));
        stage(run, next);
        return Optional.empty();
    }

    /**
     * A Run whose current attempt has run longer than {@code spec.timeout} is stopped on the
     * platform (kept there, so it finishes through the completion loop) and its attempt marked
     * TimedOut; until then the reconcile is scheduled for the deadline.
     */
    private UpdateControl<Run> enforceTimeout(Run run, UpdateControl<Run> control) {
        RunStatus status = status(run);
        Optional<Instant> deadline = RunAttempts.deadline(run.getSpec(), status);
        if (deadline.isEmpty()) {
            return control;
        }
        if (now().isBefore(deadline.get())) {
            Duration wait = Duration.between(now(), deadline.get()).plusMillis(100);
            boolean sooner = control.getScheduleDelay().map(d -> d <= wait.toMillis()).orElse(false);
            return sooner ? control : control.rescheduleAfter(wait);
        }
        String id = status.getProvider().getId();
        ReconcileLogging.changed(); // a provider call
        OperationOutcome outcome = services.engine().stopRun(providerNamed(status.getProvider().getName()), id);
        if (outcome instanceof OperationOutcome.Unavailable unavailable) {
            services.events().warning(run, "StopFailed", "could not stop run " + id + " after spec.timeout " + run.getSpec().getTimeout()
                    + ": " + unavailable.message() + "; trying again");
            return control.rescheduleAfter(STOP_RETRY);
        }
        RunStatus next = copy(status);
        next.setAttempts(RunAttempts.timedOut(run.getSpec(), status));
        String message = "attempt " + RunAttempts.current(status) + " ran longer than spec.timeout " + run.getSpec().getTimeout();
        if (outcome instanceof OperationOutcome.Rejected rejected) {
            message += "; the platform refused to stop it: " + rejected.message();
        }
        stage(run, next);
        services.events().warning(run, RunAttempts.TIMED_OUT, message);
        return control;
    }

    /**
     * The attempt the platform accepted is recorded with the status that records its id, so the
     * write that says Succeeded says which attempt it was and when it started.
     */
    @Override
    protected RunStatus withSync(Run run, SyncResult result) {
        RunStatus next = super.withSync(run, result);
        String id = result.provider() == null ? null : result.provider().getId();
        if (result.state() == SynchronizationState.SUCCEEDED && id != null && !id.isEmpty()) {
            next.setAttempt(RunAttempts.current(next));
            next.setAttempts(RunAttempts.started(next, id, now()));
        }
        return next;
    }

    /** Stamp markedCompletedAt once, then delete the Run when its TTL has passed. */
    private Optional<UpdateControl<Run>> handleCompletion(Run run) {
        RunStatus status = status(run);
        if (status.getCompletionState() == null || status.getCompletionState().isEmpty()) {
            return Optional.empty();
        }
        if (status.getMarkedCompletedAt() == null) {
            RunStatus next = copy(status);
            next.setMarkedCompletedAt(now().truncatedTo(ChronoUnit.SECONDS).toString());
            stage(run, next);
            status = next;
        }
        Duration ttl = services.config().spec().runCompletionTTL();
        if (ttl == null) {
            return Optional.empty();
        }
        Instant expires = Instant.parse(status.getMarkedCompletedAt()).plus(ttl);
        if (!now().isBefore(expires)) {
            services.client().resource(run).delete();
            ReconcileLogging.changed();
            return Optional.of(UpdateControl.noUpdate());
        }
        UpdateControl<Run> later = UpdateControl.<Run>noUpdate().rescheduleAfter(Duration.between(now(), expires).plusSeconds(1));
        return Optional.of(later);
    }

    @Override
    protected ResourceType resourceType() {
        return ResourceType.RUN;
    }

    @Override
    protected String specProvider(Run run) {
        return run.getSpec() == null ? "" : run.getSpec().getProvider();
    }

    @Override
    protected Preparation prepare(Run run, Context<Run> context, Provider provider) {
        RunSpec spec = run.getSpec();
        String namespace = run.getMetadata().getNamespace();
        RunStatus status = status(run);
        String recorded = status.getDependencies() == null || status.getDependencies().getPipeline() == null
                ? "" : Objects.requireNonNullElse(status.getDependencies().getPipeline().getVersion(), "");
        // The pipeline version is resolved once: a Run does not follow later pipeline versions.
        PipelineVersions.Lookup pipeline = recorded.isEmpty() ? pipelineVersions.lookup(namespace, spec.getPipeline())
                : new PipelineVersions.Lookup(true, recorded, "");
        String pipelineVersion = pipeline.version();
        ParameterResolution.Found found = parameters.find(namespace,
                ParameterResolution.referencedRunConfigurations(spec.getParameters()), spec.getParameters());
        recordDependencies(run, pipelineVersion, found.references());
        if (!pipeline.ready()) {
            return new Preparation.Waiting(pipeline.reason(), pipeline.problem(), !pipeline.exists());
        }
        ParameterResolution.Resolved resolved = ParameterResolution.resolve(spec.getParameters(), found);
        if (!resolved.complete()) {
            return new Preparation.Waiting(resolved.reason(), String.join("; ", resolved.unresolved()), resolved.missing());
        }
        String version = Versions.run(spec, pipelineVersion);
        String pipelineName = PipelineIdentifier.parse(spec.getPipeline()).name();
        return new Preparation.Ready(version, () -> new RunDefinition(
                Labels.namespaced(namespace, run.getMetadata().getName()),
                version,
                Labels.namespaced(namespace, pipelineName),
                pipelineVersion,
                Labels.owningRunConfiguration(run),
                Labels.namespaced(namespace, spec.getExperimentName()),
                resolved.values(),
                Definitions.artifacts(spec.getArtifacts()),
                Labels.triggerOf(run),
                // Absent for the first attempt: its body is what it always was.
                RunAttempts.current(status) > 1 ? RunAttempts.current(status) : null));
    }

    private void recordDependencies(Run run, String pipelineVersion, Map<String, RunReference> runConfigurations) {
        RunStatus current = status(run);
        Dependencies dependencies = new Dependencies()
                .withPipeline(pipelineVersion.isEmpty() ? null : new PipelineDependency().withVersion(pipelineVersion))
                .withRunConfigurations(runConfigurations.isEmpty() ? null : runConfigurations);
        Dependencies existing = current.getDependencies();
        boolean empty = dependencies.getPipeline() == null && dependencies.getRunConfigurations() == null;
        if (Objects.equals(existing, empty ? null : dependencies) || (empty && existing != null
                && existing.getPipeline() == null && existing.getRunConfigurations() == null)) {
            return;
        }
        RunStatus next = copy(current);
        next.setDependencies(empty ? null : dependencies);
        stage(run, next);
    }
}
