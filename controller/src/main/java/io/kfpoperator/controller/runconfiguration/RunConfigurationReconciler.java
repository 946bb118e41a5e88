package io.kfpoperator.controller.runconfiguration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.RunConfigurationTriggers;
import io.kfpoperator.api.lifecycle.ScheduleAggregation;
import io.kfpoperator.api.lifecycle.SyncResult;
import io.kfpoperator.api.lifecycle.SyncStateMachine;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.types.PipelineIdentifier;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import io.kfpoperator.api.v1beta1.Dependencies;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.Parameter;
import io.kfpoperator.api.v1beta1.PipelineDependency;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationSpec;
import io.kfpoperator.api.v1beta1.RunConfigurationStatus;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.v1beta1.RunScheduleSpec;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.validation.ResourceValidator;
import io.kfpoperator.api.validation.Violation;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.dependencies.ParameterResolution;
import io.kfpoperator.controller.dependencies.PipelineVersions;
import io.kfpoperator.controller.kube.Labels;
import io.kfpoperator.controller.logging.ReconcileLogging;
import io.kfpoperator.controller.status.ReconcileErrors;
import io.kfpoperator.controller.status.StatusRecorder;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.Watches;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RunConfiguration: resolves its pipeline version and dependencies, keeps one RunSchedule per
 * schedule trigger, starts a Run when a change or another RunConfiguration triggers it, and
 * reports its schedules' state. Its status is recorded once per reconcile.
 *
 * <p>It has no finalizer, as upstream's has none: what it creates (RunSchedules, Runs) is owned
 * through controller owner references, and the API server's garbage collector deletes them with
 * it (each has a finalizer of its own that removes it from the platform). So a RunConfiguration
 * costs no finalizer write, and its deletion is seen as a delete event ({@code
 * triggerReconcilerOnAllEvents}) that only forgets its metrics.
 */
// Not generation-aware: the run-now annotation changes no generation; RunConfigurationChanges says what wakes it.
@ControllerConfiguration(name = "runconfiguration", triggerReconcilerOnAllEvents = true, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = RunConfigurationChanges.class))
public class RunConfigurationReconciler implements Reconciler<RunConfiguration> {

    /** The finalizer earlier versions put on RunConfigurations; removed so their deletion is not held up. */
    static final String OLD_FINALIZER = "pipelines.kubeflow.org/finalizer";
    /** Identifies the trigger a Run was created for, so a retried reconcile never starts it twice. */
    public static final String TRIGGER_ID_ANNOTATION = "pipelines.kubeflow.org/trigger-id";

    private static final Logger LOG = LoggerFactory.getLogger(RunConfigurationReconciler.class);
    private static final ObjectMapper COPIER = new ObjectMapper();

    private final ControllerServices services;
    private final ParameterResolution parameters;
    private final PipelineVersions pipelineVersions;
    private final StatusRecorder recorder;
    private final ReconcileErrors errors;

    public RunConfigurationReconciler(ControllerServices services) {
        this.services = services;
        this.parameters = new ParameterResolution(services.client());
        this.pipelineVersions = new PipelineVersions(services.client());
        this.recorder = services.recorder();
        this.errors = new ReconcileErrors(recorder, services.events(), services.clock());
    }

    @Override
    public List<EventSource<?, RunConfiguration>> prepareEventSources(EventSourceContext<RunConfiguration> context) {
        return List.of(
                Watches.providers(context, rc -> run(rc) == null ? "" : run(rc).getProvider()),
                Watches.pipelines(context, rc -> run(rc) == null ? "" : Watches.pipelineName(run(rc).getPipeline())),
                Watches.runConfigurations(context, RunConfigurationReconciler::referencedRunConfigurations),
                owned(context, RunSchedule.class),
                owned(context, Run.class));
    }

    private static <R extends HasMetadata> EventSource<R, RunConfiguration> owned(EventSourceContext<RunConfiguration> context, Class<R> type) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, RunConfiguration.class)
                .withName("owned-" + type.getSimpleName().toLowerCase())
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(RunConfiguration.class, false))
                .build(), context);
    }

    @Override
    public UpdateControl<RunConfiguration> reconcile(RunConfiguration rc, Context<RunConfiguration> context) {
        if (context != null && context.isPrimaryResourceDeleted()) {
            services.states().removed(rc.getKind(), rc.getMetadata().getNamespace(), rc.getMetadata().getName());
            return UpdateControl.noUpdate();
        }
        return ReconcileLogging.inReconcile(rc, LOG, () -> {
            releaseOldFinalizer(rc);
            if (rc.isMarkedForDeletion()) {
                return UpdateControl.<RunConfiguration>noUpdate();
            }
            try {
                return recorder.recordOnce(rc, context, RunConfigurationReconciler::copy, control -> true, () -> synchronise(rc));
            } finally {
                services.states().observed(rc);
            }
        });
    }

    @Override
    public ErrorStatusUpdateControl<RunConfiguration> updateErrorStatus(RunConfiguration rc, Context<RunConfiguration> context, Exception e) {
        return errors.updateErrorStatus(rc, context, e, RunConfigurationReconciler::copy, RunConfigurationStatus::new);
    }

    private void releaseOldFinalizer(RunConfiguration rc) {
        List<String> finalizers = rc.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(OLD_FINALIZER)) {
            return;
        }
        services.client().resources(RunConfiguration.class).inNamespace(rc.getMetadata().getNamespace()).withName(rc.getMetadata().getName())
                .edit(r -> {
                    r.getMetadata().getFinalizers().remove(OLD_FINALIZER);
                    return r;
                });
        ReconcileLogging.changed();
    }

    private UpdateControl<RunConfiguration> synchronise(RunConfiguration rc) {
        RunConfigurationStatus current = rc.getStatus() == null ? new RunConfigurationStatus() : rc.getStatus();
        RunConfigurationStatus next = copy(current);
        long generation = rc.getMetadata().getGeneration();
        next.setObservedGeneration(generation);

        List<Violation> violations = new ArrayList<>(ResourceValidator.validate(rc));
        if (violations.isEmpty()) {
            String reference = rc.getSpec().getRun().getProvider();
            violations.addAll(ResourceValidator.validateAgainstProvider(rc, reference, provider(reference)));
        }
        if (!violations.isEmpty()) {
            String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
            return write(rc, withState(next, SyncResult.of(SynchronizationState.FAILED, message, null, null), generation));
        }
        RunSpec runSpec = rc.getSpec().getRun();
        if (current.getProvider() != null && !current.getProvider().isEmpty() && !current.getProvider().equals(runSpec.getProvider())) {
            return write(rc, withState(next, SyncResult.of(SynchronizationState.FAILED, SyncStateMachine.PROVIDER_CHANGED, null, null), generation));
        }
        next.setProvider(runSpec.getProvider());

        String namespace = rc.getMetadata().getNamespace();
        PipelineVersions.Lookup pipeline = pipelineVersions.lookup(namespace, runSpec.getPipeline());
        String pipelineVersion = pipelineVersion(pipeline, current);
        ParameterResolution.Found found = parameters.find(namespace, referencedRunConfigurations(rc), runSpec.getParameters());
        Map<String, RunReference> dependencies = found.references();
        next.setDependencies(dependencies(pipelineVersion, dependencies));
        List<RunSchedule> existing = ownedSchedules(rc).stream().filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList();

        // What it names and does not exist: shown as Failed (the SynchronizationState column), cleared when it exists again.
        List<String> absent = new ArrayList<>();
        if (!pipeline.exists()) {
            absent.add(pipeline.problem() + (existing.isEmpty() ? "" : ": its schedules are suspended"));
        }
        found.missing().forEach(reference -> absent.add("RunConfiguration '" + reference + "' does not exist"));

        // Triggers are evaluated even while parameters are unresolved: a triggered Run waits for its
        // own parameters, and a trigger first seen now must be on record to fire on its next run.
        // Not while the Pipeline does not exist: such a Run could never start. What changed meanwhile
        // is acted on once it exists again (one Run, not one per missed trigger).
        if (pipeline.exists()) {
            RunConfigurationTriggers.Evaluation evaluation = RunConfigurationTriggers.evaluate(namespace, rc.getMetadata().getName(),
                    PipelineIdentifier.parse(runSpec.getPipeline()).name(),
                    rc.getSpec().getTriggers() == null ? null : rc.getSpec().getTriggers().getOnChange(),
                    rc.getSpec().getTriggers() == null ? null : rc.getSpec().getTriggers().getRunConfigurations(),
                    Versions.runSpec(runSpec), pipelineVersion, dependencies, current.getTriggers(), runNowToken(rc));
            if (evaluation.changed()) {
                evaluation.trigger().ifPresent(trigger -> startRun(rc, runSpec, pipelineVersion, trigger, evaluation));
                next.setTriggers(evaluation.triggers());
            }
        }

        // Schedules name their pipeline version: none is made before the version is known, so a
        // schedule is never created only to be replaced a moment later. A parameter that cannot be
        // resolved now keeps the value the schedules already have, so the rest of the spec is
        // still applied; only with no such value do the schedules wait (and unlisted ones go).
        ParameterResolution.Resolved resolved = ParameterResolution.resolve(runSpec.getParameters(), found);
        Optional<Map<String, String>> values = resolved.complete() ? Optional.of(resolved.values())
                : previousValues(runSpec.getParameters(), resolved, existing);
        boolean schedulesSynced = !pipelineVersion.isEmpty() && values.isPresent();
        boolean schedulesInSync = schedulesSynced ? syncSchedules(rc, runSpec, pipelineVersion, values.get()) : removeUnlisted(rc, existing);

        List<String> waitingFor = new ArrayList<>();
        if (!pipeline.ready()) {
            waitingFor.add(pipeline.problem());
        }
        if (!resolved.complete()) {
            waitingFor.addAll(resolved.unresolved());
            if (schedulesSynced && !existing.isEmpty()) {
                waitingFor.add("schedules keep the values they were last given");
            }
        }
        if (waitingFor.isEmpty()) {
            next.setConditions(Conditions.remove(next.getConditions(), Conditions.PARAMETERS_RESOLVED));
        } else {
            waiting(rc, current, next, !pipeline.ready() ? pipeline.reason() : resolved.reason(), String.join("; ", waitingFor), generation);
        }

        if (!absent.isEmpty()) {
            next = withState(next, SyncResult.of(SynchronizationState.FAILED, String.join("; ", absent), null, null), generation);
        } else if (schedulesSynced && schedulesInSync) {
            List<ScheduleAggregation.ScheduleState> states = ownedSchedules(rc).stream()
                    .map(rs -> new ScheduleAggregation.ScheduleState(stateOf(rs), messageOf(rs))).toList();
            next = withState(next, ScheduleAggregation.aggregate(states, null), generation);
        } else if (failedForAbsence(next)) {
            // What was missing exists again, but the schedules still wait: no state yet rather than a stale Failed.
            next.setConditions(Conditions.remove(next.getConditions(), Conditions.SYNCHRONIZED));
        }
        return write(rc, next);
    }

    /** Failed because something named did not exist (the messages {@link #synchronise} writes for that). */
    private static boolean failedForAbsence(RunConfigurationStatus status) {
        String message = Conditions.synchronizationMessage(status.getConditions());
        return Conditions.synchronizationState(status.getConditions()) == SynchronizationState.FAILED
                && (message.contains("' does not exist") || message.contains("' is being deleted"));
    }

    /** Records what the RunConfiguration waits for (ParametersResolved=False) and warns once when that changes. */
    private void waiting(RunConfiguration rc, RunConfigurationStatus current, RunConfigurationStatus next, String reason, String message,
                         long generation) {
        next.setConditions(Conditions.merge(next.getConditions(), Conditions.condition(Conditions.PARAMETERS_RESOLVED,
                ConditionStatus.FALSE, reason, message, generation, services.clock().instant())));
        if (!Objects.equals(Conditions.find(current.getConditions(), Conditions.PARAMETERS_RESOLVED),
                Conditions.find(next.getConditions(), Conditions.PARAMETERS_RESOLVED))) {
            services.events().warning(rc, reason, message);
        }
    }

    /**
     * The parameter values for the schedules when some cannot be resolved now: the resolved ones,
     * and for each unresolved one the value the existing schedules were given; empty when one of
     * them has none (a schedule cannot be made without it).
     */
    private static Optional<Map<String, String>> previousValues(List<Parameter> parameters, ParameterResolution.Resolved resolved,
                                                                List<RunSchedule> existing) {
        for (RunSchedule rs : existing) {
            Map<String, String> previous = new LinkedHashMap<>();
            if (rs.getSpec().getParameters() != null) {
                rs.getSpec().getParameters().forEach(p -> previous.put(p.getName(), p.getValue()));
            }
            if (!previous.keySet().containsAll(resolved.unresolvedNames())) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Parameter p : parameters) {
                if (resolved.values().containsKey(p.getName())) {
                    values.put(p.getName(), resolved.values().get(p.getName()));
                } else if (resolved.unresolvedNames().contains(p.getName())) {
                    values.put(p.getName(), previous.get(p.getName()));
                }
            }
            return Optional.of(values);
        }
        return Optional.empty();
    }

    /** While the schedules cannot be built, still deletes those whose trigger was removed; true when none had to go. */
    private boolean removeUnlisted(RunConfiguration rc, List<RunSchedule> existing) {
        List<Schedule> listed = rc.getSpec().getTriggers() == null || rc.getSpec().getTriggers().getSchedules() == null
                ? List.of() : rc.getSpec().getTriggers().getSchedules();
        boolean none = true;
        for (RunSchedule rs : existing) {
            // Every field of a schedule is copied to its RunSchedule; a pause or resume waits with the rest.
            if (listed.stream().noneMatch(s -> s.sameApartFromSuspend(rs.getSpec().getSchedule()))) {
                services.client().resource(rs).delete();
                ReconcileLogging.changed();
                LOG.info("deleted run schedule {}/{}", rs.getMetadata().getNamespace(), rs.getMetadata().getName());
                none = false;
            }
        }
        return none;
    }

    /** The run-now annotation's token, or null when it is not set (validated with the rest of the resource). */
    private static String runNowToken(RunConfiguration rc) {
        Map<String, String> annotations = rc.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RunConfiguration.RUN_NOW_ANNOTATION);
    }

    /** Creates missing RunSchedules and deletes excess ones; true when nothing had to change. */
    private boolean syncSchedules(RunConfiguration rc, RunSpec runSpec, String pipelineVersion, Map<String, String> resolved) {
        List<Schedule> schedules = rc.getSpec().getTriggers() == null || rc.getSpec().getTriggers().getSchedules() == null
                ? List.of() : rc.getSpec().getTriggers().getSchedules();
        List<RunScheduleSpec> desired = new ArrayList<>();
        for (Schedule schedule : schedules) {
            desired.add(scheduleSpec(runSpec, pipelineVersion, resolved, schedule));
        }
        List<RunSchedule> existing = ownedSchedules(rc);
        List<RunScheduleSpec> missing = new ArrayList<>(desired);
        List<RunSchedule> excess = new ArrayList<>();
        for (RunSchedule rs : existing) {
            if (rs.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (!missing.remove(rs.getSpec())) {
                excess.add(rs);
            }
        }
        // A pause or resume is made in place, so the platform keeps the schedule (and what it missed, for catchUp).
        boolean suspendChanged = false;
        for (RunSchedule rs : List.copyOf(excess)) {
            Optional<RunScheduleSpec> paused = missing.stream().filter(wanted -> onlySuspendDiffers(rs.getSpec(), wanted)).findFirst();
            if (paused.isPresent()) {
                Boolean suspend = paused.get().getSchedule().getSuspend();
                services.client().resources(RunSchedule.class).inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                        .edit(r -> {
                            r.getSpec().getSchedule().setSuspend(suspend);
                            return r;
                        });
                missing.remove(paused.get());
                excess.remove(rs);
                suspendChanged = true;
                ReconcileLogging.changed();
                LOG.info("{} run schedule {}/{}", Boolean.TRUE.equals(suspend) ? "suspended" : "resumed", rs.getMetadata().getNamespace(),
                        rs.getMetadata().getName());
            }
        }
        for (RunScheduleSpec spec : missing) {
            RunSchedule rs = new RunSchedule();
            rs.setMetadata(childMetadata(rc, Map.of()));
            rs.setSpec(spec);
            services.client().resource(rs).create();
            ReconcileLogging.changed();
            LOG.info("created run schedule for {}/{}", rc.getMetadata().getNamespace(), rc.getMetadata().getName());
        }
        for (RunSchedule rs : excess) {
            services.client().resource(rs).delete();
            ReconcileLogging.changed();
            LOG.info("deleted run schedule {}/{}", rs.getMetadata().getNamespace(), rs.getMetadata().getName());
        }
        return missing.isEmpty() && excess.isEmpty() && !suspendChanged;
    }

    private static boolean onlySuspendDiffers(RunScheduleSpec existing, RunScheduleSpec wanted) {
        if (existing == null || existing.getSchedule() == null || wanted.getSchedule() == null) {
            return false;
        }
        Schedule own = wanted.getSchedule();
        wanted.setSchedule(own.copy().withSuspend(existing.getSchedule().getSuspend()));
        try {
            return wanted.equals(existing);
        } finally {
            wanted.setSchedule(own);
        }
    }

    private static RunScheduleSpec scheduleSpec(RunSpec runSpec, String pipelineVersion, Map<String, String> resolved, Schedule schedule) {
        List<NamedValue> values = resolved.entrySet().stream()
                .map(e -> new NamedValue().withName(e.getKey()).withValue(e.getValue())).toList();
        String pipelineName = PipelineIdentifier.parse(runSpec.getPipeline()).name();
        return new RunScheduleSpec()
                .withProvider(runSpec.getProvider())
                .withPipeline(pipelineVersion.isEmpty() ? pipelineName : pipelineName + ":" + pipelineVersion)
                .withExperimentName(runSpec.getExperimentName())
                .withParameters(values.isEmpty() ? null : new ArrayList<>(values))
                .withArtifacts(runSpec.getArtifacts())
                .withSchedule(schedule.copy());
    }

    /** Starts one Run for this trigger, unless a Run for the very same trigger already exists (a retried reconcile). */
    private void startRun(RunConfiguration rc, RunSpec runSpec, String pipelineVersion, RunConfigurationTriggers.Trigger trigger,
                          RunConfigurationTriggers.Evaluation evaluation) {
        String triggerId = triggerId(trigger, evaluation);
        // A Run of ours carrying the token is the run-now request's Run too, however it came to be.
        String runNow = RunConfigurationTriggers.Trigger.RUN_NOW.equals(trigger.type()) ? evaluation.triggers().getRunNow() : null;
        Optional<Run> alreadyStarted = owned(rc, Run.class).stream().filter(run -> run.getMetadata().getAnnotations() != null
                && (triggerId.equals(run.getMetadata().getAnnotations().get(TRIGGER_ID_ANNOTATION))
                || runNow != null && runNow.equals(run.getMetadata().getAnnotations().get(RunConfiguration.RUN_NOW_ANNOTATION)))).findFirst();
        if (alreadyStarted.isPresent()) {
            LOG.info("run {} already started for this trigger ({}): adopted", alreadyStarted.get().getMetadata().getName(), trigger.type());
            return;
        }
        RunSpec spec = COPIER.convertValue(runSpec, RunSpec.class);
        String pipelineName = PipelineIdentifier.parse(runSpec.getPipeline()).name();
        spec.setPipeline(pipelineVersion.isEmpty() ? pipelineName : pipelineName + ":" + pipelineVersion);
        Run run = new Run();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.TRIGGER_TYPE, Labels.sanitise(trigger.type()));
        labels.put(Labels.TRIGGER_SOURCE, Labels.sanitise(trigger.source()));
        labels.put(Labels.TRIGGER_SOURCE_NAMESPACE, Labels.sanitise(trigger.sourceNamespace()));
        run.setMetadata(childMetadata(rc, labels));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(TRIGGER_ID_ANNOTATION, triggerId);
        if (RunConfigurationTriggers.Trigger.RUN_NOW.equals(trigger.type())) {
            annotations.put(RunConfiguration.RUN_NOW_ANNOTATION, evaluation.triggers().getRunNow());
        }
        run.getMetadata().setAnnotations(annotations);
        run.setSpec(spec);
        Run created = services.client().resource(run).create();
        ReconcileLogging.changed();
        services.events().normal(rc, "RunStarted", "started Run " + created.getMetadata().getName() + " (" + trigger.type() + " from " + trigger.source() + ")");
        LOG.info("started run {}/{} ({})", created.getMetadata().getNamespace(), created.getMetadata().getName(), trigger.type());
    }

    private static String triggerId(RunConfigurationTriggers.Trigger trigger, RunConfigurationTriggers.Evaluation evaluation) {
        // A run-now token is its own identity: the Run made for it is found whatever else changed since.
        String identity = trigger.type() + "|" + trigger.sourceNamespace() + "/" + trigger.source() + "|"
                + (RunConfigurationTriggers.Trigger.RUN_NOW.equals(trigger.type()) ? evaluation.triggers().getRunNow() : evaluation.triggers());
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectMeta childMetadata(RunConfiguration rc, Map<String, String> extraLabels) {
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(rc.getMetadata().getName() + "-");
        meta.setNamespace(rc.getMetadata().getNamespace());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.RUN_CONFIGURATION_NAME, rc.getMetadata().getName());
        labels.putAll(extraLabels);
        meta.setLabels(labels);
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(rc.getApiVersion())
                .withKind(rc.getKind())
                .withName(rc.getMetadata().getName())
                .withUid(rc.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        meta.setOwnerReferences(List.of(owner));
        return meta;
    }

    private List<RunSchedule> ownedSchedules(RunConfiguration rc) {
        return owned(rc, RunSchedule.class);
    }

    /** Read from the API server, not a cache, so a child created a moment ago is never created twice. */
    private <T extends CustomResource<?, ?>> List<T> owned(RunConfiguration rc, Class<T> type) {
        var inNamespace = services.client().resources(type).inNamespace(rc.getMetadata().getNamespace());
        // The Go operator's RunSchedules carry no label: like it, find them by their controller reference.
        return (type == RunSchedule.class ? inNamespace : inNamespace.withLabel(Labels.RUN_CONFIGURATION_NAME, rc.getMetadata().getName()))
                .list().getItems().stream()
                .filter(child -> child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Objects.equals(o.getUid(), rc.getMetadata().getUid())))
                .toList();
    }

    /**
     * The pipeline version to run: a fixed version, or the Pipeline's once it Succeeded; the one
     * resolved before while the Pipeline is in flight or gone, so its schedules are kept (the
     * RunSchedules suspend themselves while their Pipeline is gone) rather than replaced.
     */
    private static String pipelineVersion(PipelineVersions.Lookup pipeline, RunConfigurationStatus current) {
        if (pipeline.ready()) {
            return pipeline.version();
        }
        return current.getDependencies() == null || current.getDependencies().getPipeline() == null
                ? "" : Objects.requireNonNullElse(current.getDependencies().getPipeline().getVersion(), "");
    }

    private static Dependencies dependencies(String pipelineVersion, Map<String, RunReference> runConfigurations) {
        if (pipelineVersion.isEmpty() && runConfigurations.isEmpty()) {
            return null;
        }
        return new Dependencies()
                .withPipeline(pipelineVersion.isEmpty() ? null : new PipelineDependency().withVersion(pipelineVersion))
                .withRunConfigurations(runConfigurations.isEmpty() ? null : runConfigurations);
    }

    static Set<String> referencedRunConfigurations(RunConfiguration rc) {
        Set<String> references = new LinkedHashSet<>();
        RunConfigurationSpec spec = rc.getSpec();
        if (spec == null) {
            return references;
        }
        if (spec.getTriggers() != null && spec.getTriggers().getRunConfigurations() != null) {
            references.addAll(spec.getTriggers().getRunConfigurations());
        }
        if (spec.getRun() != null) {
            references.addAll(ParameterResolution.referencedRunConfigurations(spec.getRun().getParameters()));
        }
        references.removeIf(r -> NamespacedName.tryParse(r).isEmpty());
        return references;
    }

    private RunConfigurationStatus withState(RunConfigurationStatus status, SyncResult result, long generation) {
        status.setObservedGeneration(generation);
        status.setConditions(Conditions.merge(status.getConditions(),
                Conditions.synchronizedCondition(result.state(), result.message(), generation, services.clock().instant())));
        return status;
    }

    /** Makes {@code next} the status this reconcile leaves (recorded once, at its end); a Synchronized change is an Event. */
    private UpdateControl<RunConfiguration> write(RunConfiguration rc, RunConfigurationStatus next) {
        RunConfigurationStatus current = rc.getStatus();
        rc.setStatus(next);
        services.events().synchronizationChanged(rc, current == null ? null : current.getConditions(), next.getConditions(), null);
        return UpdateControl.noUpdate();
    }

    private Provider provider(String reference) {
        NamespacedName name = NamespacedName.parse(reference);
        return services.client().resources(Provider.class).inNamespace(name.namespace()).withName(name.name()).get();
    }

    private static RunSpec run(RunConfiguration rc) {
        return rc.getSpec() == null ? null : rc.getSpec().getRun();
    }

    private static SynchronizationState stateOf(RunSchedule rs) {
        return rs.getStatus() == null ? SynchronizationState.UNKNOWN : Conditions.synchronizationState(rs.getStatus().getConditions());
    }

    private static String messageOf(RunSchedule rs) {
        return rs.getStatus() == null ? "" : Conditions.synchronizationMessage(rs.getStatus().getConditions());
    }

    private static RunConfigurationStatus copy(RunConfigurationStatus status) {
        return COPIER.convertValue(status, RunConfigurationStatus.class);
    }
}
