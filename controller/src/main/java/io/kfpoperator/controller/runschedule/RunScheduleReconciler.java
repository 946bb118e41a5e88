package io.kfpoperator.controller.runschedule;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.v1beta1.RunScheduleSpec;
import io.kfpoperator.api.v1beta1.RunScheduleStatus;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.v1beta1.ServiceContract;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.dependencies.PipelineVersions;
import io.kfpoperator.controller.kube.Labels;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.Definitions;
import io.kfpoperator.controller.sync.PlatformResourceReconciler;
import io.kfpoperator.controller.sync.Preparation;
import io.kfpoperator.controller.sync.Watches;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.TriggerIndicator;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a schedule on the platform in step with a RunSchedule. RunSchedules made by a
 * RunConfiguration name their pipeline version; one applied by hand without a version follows
 * the Pipeline's current version.
 *
 * <p>A schedule whose Pipeline is deleted is suspended on its platform (it starts no runs of a
 * pipeline that is gone), and resumed when the Pipeline exists again: the suspension is an
 * update of the schedule whose version carries {@link #SUSPENDED_SUFFIX}, and status.suspended
 * says so.
 */
@ControllerConfiguration(name = "runschedule", finalizerName = PlatformResourceReconciler.FINALIZER)
public class RunScheduleReconciler extends PlatformResourceReconciler<RunSchedule, RunScheduleStatus> {

    /** Ends the version of a suspended schedule, so suspending and resuming are each one update. */
    public static final String SUSPENDED_SUFFIX = "-suspended";
    /**
     * The contract requires a pipeline version; a suspending update of a schedule that follows its
     * Pipeline's latest version has none left to name, and platforms ignore it when suspending.
     */
    static final String NO_PIPELINE_VERSION = "deleted";

    private final PipelineVersions pipelineVersions;

    public RunScheduleReconciler(ControllerServices services) {
        super(services, RunScheduleStatus.class);
        this.pipelineVersions = new PipelineVersions(services.client());
    }

    @Override
    public List<EventSource<?, RunSchedule>> prepareEventSources(EventSourceContext<RunSchedule> context) {
        return withPlatformWatches(context, List.of(
                Watches.pipelines(context, rs -> rs.getSpec() == null ? "" : Watches.pipelineName(rs.getSpec().getPipeline()))));
    }

    @Override
    protected ResourceType resourceType() {
        return ResourceType.RUN_SCHEDULE;
    }

    @Override
    protected String specProvider(RunSchedule runSchedule) {
        return runSchedule.getSpec() == null ? "" : runSchedule.getSpec().getProvider();
    }

    @Override
    protected UpdateControl<RunSchedule> synchronise(RunSchedule runSchedule, Context<RunSchedule> context) {
        UpdateControl<RunSchedule> control = super.synchronise(runSchedule, context);
        recordSuspension(runSchedule);
        return control;
    }

    @Override
    protected Preparation prepare(RunSchedule runSchedule, Context<RunSchedule> context, Provider provider) {
        RunScheduleSpec spec = runSchedule.getSpec();
        String namespace = runSchedule.getMetadata().getNamespace();
        PipelineIdentifier pipeline = PipelineIdentifier.parse(spec.getPipeline());
        PipelineVersions.Lookup lookup = pipelineVersions.lookup(namespace, spec.getPipeline());
        RunScheduleStatus status = status(runSchedule);
        boolean onPlatform = status.getProvider() != null && status.getProvider().getId() != null && !status.getProvider().getId().isEmpty();
        if (!lookup.exists() && onPlatform && ServiceContract.of(provider) == ServiceContract.GO) {
            // The Go operator's provider images cannot suspend (they ignore the field): say what happens instead.
            return new Preparation.Waiting(lookup.reason(), lookup.problem()
                    + ": its schedule keeps firing (a Provider with serviceContract go cannot suspend it)", true);
        }
        if (!lookup.exists() && onPlatform) {
            String base = pipeline.hasVersion() ? Versions.runSchedule(spec) : Objects.requireNonNullElse(status.getVersion(), "");
            String version = base.endsWith(SUSPENDED_SUFFIX) ? base : base + SUSPENDED_SUFFIX;
            String pipelineVersion = pipeline.hasVersion() ? pipeline.version() : NO_PIPELINE_VERSION;
            return new Preparation.Ready(version, () -> definition(runSchedule, pipeline.name(), pipelineVersion, version, true));
        }
        if (!lookup.ready()) {
            return new Preparation.Waiting(lookup.reason(), lookup.problem(), !lookup.exists());
        }
        // A fixed version hashes as upstream does; a followed one includes the version it resolved.
        String version = pipeline.hasVersion() ? Versions.runSchedule(spec)
                : Versions.runSchedule(copyWithPipeline(spec, pipeline.withVersion(lookup.version()).toString()));
        return new Preparation.Ready(version, () -> definition(runSchedule, pipeline.name(), lookup.version(), version, false));
    }

    /**
     * status.suspended, and ParametersResolved=False naming the missing Pipeline, while the
     * platform holds the suspended schedule; an Event when it is suspended or resumed.
     */
    private void recordSuspension(RunSchedule runSchedule) {
        RunScheduleStatus current = status(runSchedule);
        boolean suspended = Conditions.synchronizationState(current.getConditions()) == SynchronizationState.SUCCEEDED
                && current.getVersion() != null && current.getVersion().endsWith(SUSPENDED_SUFFIX);
        RunScheduleStatus next = copy(current);
        next.setSuspended(suspended ? Boolean.TRUE : null);
        if (suspended) {
            PipelineVersions.Lookup lookup = pipelineVersions.lookup(runSchedule.getMetadata().getNamespace(), runSchedule.getSpec().getPipeline());
            String message = lookup.problem() + ": the schedule is suspended on its platform";
            next.setConditions(Conditions.merge(next.getConditions(), Conditions.condition(Conditions.PARAMETERS_RESOLVED, ConditionStatus.FALSE,
                    lookup.reason(), message, runSchedule.getMetadata().getGeneration(), now())));
        }
        boolean was = Boolean.TRUE.equals(current.getSuspended());
        if (stage(runSchedule, next) && was != suspended) {
            if (suspended) {
                services.events().normal(runSchedule, "Suspended", Conditions.find(next.getConditions(), Conditions.PARAMETERS_RESOLVED)
                        .orElseThrow().getMessage());
            } else {
                services.events().normal(runSchedule, "Resumed", "the schedule starts runs again");
            }
        }
    }

    private static RunScheduleSpec copyWithPipeline(RunScheduleSpec spec, String pipeline) {
        return new RunScheduleSpec().withProvider(spec.getProvider()).withPipeline(pipeline).withExperimentName(spec.getExperimentName())
                .withParameters(spec.getParameters()).withArtifacts(spec.getArtifacts()).withSchedule(spec.getSchedule());
    }

    private static RunScheduleDefinition definition(RunSchedule runSchedule, String pipelineName, String pipelineVersion, String version,
                                                    boolean suspended) {
        RunScheduleSpec spec = runSchedule.getSpec();
        String namespace = runSchedule.getMetadata().getNamespace();
        Map<String, String> parameters = new LinkedHashMap<>();
        if (spec.getParameters() != null) {
            for (NamedValue p : spec.getParameters()) {
                parameters.put(p.getName(), p.getValue());
            }
        }
        Schedule schedule = spec.getSchedule();
        return new RunScheduleDefinition(
                Labels.namespaced(namespace, runSchedule.getMetadata().getName()),
                version,
                Labels.namespaced(namespace, pipelineName),
                pipelineVersion,
                Labels.owningRunConfiguration(runSchedule),
                Labels.namespaced(namespace, spec.getExperimentName()),
                new io.kfpoperator.provider.contract.Schedule(schedule.getCronExpression(), time(schedule.getStartTime()), time(schedule.getEndTime()),
                        schedule.getTimeZone(), schedule.getSuspend(),
                        schedule.getConcurrencyPolicy() == null ? null : schedule.getConcurrencyPolicy().wireName(), schedule.getCatchUp()),
                parameters,
                Definitions.artifacts(spec.getArtifacts()),
                new TriggerIndicator("schedule", runSchedule.getMetadata().getName(), namespace),
                suspended ? Boolean.TRUE : null);
    }

    private static OffsetDateTime time(String value) {
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
