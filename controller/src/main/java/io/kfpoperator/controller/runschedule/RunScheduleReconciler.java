package io.kfpoperator.controller.runschedule;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.v1beta1.RunScheduleSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.v1beta1.Status;
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
import java.util.Optional;

/**
 * Keeps a schedule on the platform in step with a RunSchedule. RunSchedules made by a
 * RunConfiguration name their pipeline version; one applied by hand without a version follows
 * the Pipeline's current version.
 */
@ControllerConfiguration(name = "runschedule", finalizerName = PlatformResourceReconciler.FINALIZER)
public class RunScheduleReconciler extends PlatformResourceReconciler<RunSchedule, Status> {

    private final PipelineVersions pipelineVersions;

    public RunScheduleReconciler(ControllerServices services) {
        super(services, Status.class);
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
    protected Preparation prepare(RunSchedule runSchedule, Context<RunSchedule> context, Provider provider) {
        RunScheduleSpec spec = runSchedule.getSpec();
        String namespace = runSchedule.getMetadata().getNamespace();
        PipelineIdentifier pipeline = PipelineIdentifier.parse(spec.getPipeline());
        Optional<String> pipelineVersion = pipelineVersions.resolve(namespace, spec.getPipeline());
        if (pipelineVersion.isEmpty()) {
            return new Preparation.Waiting("PipelineNotReady", "waiting for Pipeline '" + pipeline.name() + "' to succeed");
        }
        // A fixed version hashes as upstream does; a followed one includes the version it resolved.
        String version = pipeline.hasVersion() ? Versions.runSchedule(spec)
                : Versions.runSchedule(copyWithPipeline(spec, pipeline.withVersion(pipelineVersion.get()).toString()));
        return new Preparation.Ready(version, () -> definition(runSchedule, pipeline.name(), pipelineVersion.get(), version));
    }

    private static RunScheduleSpec copyWithPipeline(RunScheduleSpec spec, String pipeline) {
        return new RunScheduleSpec().withProvider(spec.getProvider()).withPipeline(pipeline).withExperimentName(spec.getExperimentName())
                .withParameters(spec.getParameters()).withArtifacts(spec.getArtifacts()).withSchedule(spec.getSchedule());
    }

    private static RunScheduleDefinition definition(RunSchedule runSchedule, String pipelineName, String pipelineVersion, String version) {
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
                new TriggerIndicator("schedule", runSchedule.getMetadata().getName(), namespace));
    }

    private static OffsetDateTime time(String value) {
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
