package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.v1beta1.OnChangeTrigger;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.TriggeredRunReference;
import io.kfpoperator.api.v1beta1.TriggersStatus;
import io.kfpoperator.api.v1beta1.VersionReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a RunConfiguration starts a run: compares what its triggers last
 * acted on with what they see now. A run starts when the run spec's version or the pipeline's
 * version changed to a non-empty value (for onChange triggers), when a trigger
 * RunConfiguration has a new succeeded run, or when the run-now annotation carries a token not
 * acted on before.
 */
public final class RunConfigurationTriggers {

    /** Why a run is started: upstream's trigger-type values and their source. */
    public record Trigger(String type, String source, String sourceNamespace) {
        public static final String ON_CHANGE_RUN_SPEC = "onChangeRunSpec";
        public static final String ON_CHANGE_PIPELINE = "onChangePipeline";
        public static final String RUN_CONFIGURATION = "runConfiguration";
        /** Ours: the annotation pipelines.kubeflow.org/run-now got a new value. */
        public static final String RUN_NOW = "runNow";
    }

    /** The trigger status to record and, if a run should start, why. */
    public record Evaluation(TriggersStatus triggers, boolean changed, Optional<Trigger> trigger) {
    }

    private RunConfigurationTriggers() {
    }

    /**
     * @param onChange           spec.triggers.onChange
     * @param triggerReferences  spec.triggers.runConfigurations, as written
     * @param runSpecVersion     version of spec.run
     * @param pipelineVersion    status.dependencies.pipeline.version
     * @param dependencies       status.dependencies.runConfigurations, keyed as written
     * @param previous           status.triggers
     */
    public static Evaluation evaluate(String namespace, String name, String pipelineName, List<OnChangeTrigger> onChange,
                                      List<String> triggerReferences, String runSpecVersion, String pipelineVersion,
                                      Map<String, RunReference> dependencies, TriggersStatus previous) {
        return evaluate(namespace, name, pipelineName, onChange, triggerReferences, runSpecVersion, pipelineVersion, dependencies, previous, null);
    }

    /**
     * As {@link #evaluate(String, String, String, List, List, String, String, Map, TriggersStatus)}, with
     * {@code runNowToken}, the value of the run-now annotation (null or "" when it is not set): a
     * token other than the one recorded starts a run; the recorded token is kept when the annotation
     * is removed, so putting the same token back starts nothing.
     */
    public static Evaluation evaluate(String namespace, String name, String pipelineName, List<OnChangeTrigger> onChange,
                                      List<String> triggerReferences, String runSpecVersion, String pipelineVersion,
                                      Map<String, RunReference> dependencies, TriggersStatus previous, String runNowToken) {
        TriggersStatus next = new TriggersStatus();
        next.setRunNow(empty(runNowToken) ? (previous == null ? null : previous.getRunNow()) : runNowToken);
        List<OnChangeTrigger> changes = onChange == null ? List.of() : onChange;
        if (changes.contains(OnChangeTrigger.PIPELINE)) {
            next.setPipeline(new VersionReference().withVersion(empty(pipelineVersion) ? null : pipelineVersion));
        }
        if (changes.contains(OnChangeTrigger.RUN_SPEC)) {
            next.setRunSpec(new VersionReference().withVersion(runSpecVersion));
        }
        Map<String, TriggeredRunReference> runConfigurations = new LinkedHashMap<>();
        for (String reference : triggerReferences == null ? List.<String>of() : triggerReferences) {
            RunReference dependency = dependencies == null ? null : dependencies.get(reference);
            String providerId = dependency == null ? null : dependency.getProviderId();
            runConfigurations.put(reference, new TriggeredRunReference().withProviderId(empty(providerId) ? null : providerId));
        }
        next.setRunConfigurations(runConfigurations.isEmpty() ? null : runConfigurations);
        TriggersStatus old = previous == null ? new TriggersStatus() : previous;
        if (normalised(next).equals(normalised(old))) {
            return new Evaluation(previous, false, Optional.empty());
        }
        return new Evaluation(next, true, reason(namespace, name, pipelineName, old, next));
    }

    private static Optional<Trigger> reason(String namespace, String name, String pipelineName, TriggersStatus old, TriggersStatus next) {
        // A user's explicit request names the run it starts, whatever else changed at the same time.
        if (!empty(next.getRunNow()) && !next.getRunNow().equals(old.getRunNow())) {
            return Optional.of(new Trigger(Trigger.RUN_NOW, name, namespace));
        }
        String newRunSpec = version(next.getRunSpec());
        if (!empty(newRunSpec) && !newRunSpec.equals(version(old.getRunSpec()))) {
            return Optional.of(new Trigger(Trigger.ON_CHANGE_RUN_SPEC, name, namespace));
        }
        String newPipeline = version(next.getPipeline());
        if (!empty(newPipeline) && !newPipeline.equals(version(old.getPipeline()))) {
            return Optional.of(new Trigger(Trigger.ON_CHANGE_PIPELINE, pipelineName, namespace));
        }
        if (next.getRunConfigurations() != null && old.getRunConfigurations() != null) {
            for (Map.Entry<String, TriggeredRunReference> entry : next.getRunConfigurations().entrySet()) {
                TriggeredRunReference before = old.getRunConfigurations().get(entry.getKey());
                String now = entry.getValue().getProviderId();
                // A newly listed trigger does not fire: only a new run of one already observed does.
                if (before != null && !empty(now) && !Objects.equals(now, before.getProviderId())) {
                    String[] parts = entry.getKey().split("/", 2);
                    return Optional.of(parts.length == 2
                            ? new Trigger(Trigger.RUN_CONFIGURATION, parts[1], parts[0])
                            : new Trigger(Trigger.RUN_CONFIGURATION, parts[0], namespace));
                }
            }
        }
        return Optional.empty();
    }

    /** Treats absent and empty sections alike, so a status read back from the API compares equal. */
    private static TriggersStatus normalised(TriggersStatus t) {
        TriggersStatus n = new TriggersStatus();
        if (t.getPipeline() != null && !empty(t.getPipeline().getVersion())) {
            n.setPipeline(t.getPipeline());
        } else if (t.getPipeline() != null) {
            n.setPipeline(new VersionReference());
        }
        if (t.getRunSpec() != null) {
            n.setRunSpec(t.getRunSpec());
        }
        if (t.getRunConfigurations() != null && !t.getRunConfigurations().isEmpty()) {
            Map<String, TriggeredRunReference> refs = new LinkedHashMap<>();
            t.getRunConfigurations().forEach((k, v) -> refs.put(k, new TriggeredRunReference().withProviderId(empty(v.getProviderId()) ? null : v.getProviderId())));
            n.setRunConfigurations(refs);
        }
        if (!empty(t.getRunNow())) {
            n.setRunNow(t.getRunNow());
        }
        return n;
    }

    private static String version(VersionReference reference) {
        return reference == null ? null : reference.getVersion();
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
