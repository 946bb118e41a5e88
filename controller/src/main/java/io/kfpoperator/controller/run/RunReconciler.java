package io.kfpoperator.controller.run;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.Dependencies;
import io.kfpoperator.api.v1beta1.PipelineDependency;
import io.kfpoperator.api.v1beta1.Provider;
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
 */
// Not generation-aware: completion is reported in status (by the run-completion endpoint), which does not bump the generation;
// RunChanges keeps the reconciler's own status writes from waking it.
@ControllerConfiguration(name = "run", finalizerName = PlatformResourceReconciler.FINALIZER, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RunChanges.class))
public class RunReconciler extends PlatformResourceReconciler<Run, RunStatus> {

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
        return super.synchronise(run, context);
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
                Labels.triggerOf(run)));
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
