package io.kfpoperator.controller.runconfiguration;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a RunConfiguration wake its reconciler: a spec change (generation), a new
 * value of the run-now annotation (which does not change the generation; `kubectl annotate` is
 * how a user asks for a run), finalizers and deletion. Not status writes, its own or the
 * run-completion endpoint's: those wake the RunConfigurations that depend on it, through their
 * watches, not itself.
 */
public final class RunConfigurationChanges implements OnUpdateFilter<RunConfiguration> {

    @Override
    public boolean accept(RunConfiguration updated, RunConfiguration previous) {
        return !Objects.equals(updated.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
                || !Objects.equals(runNow(updated), runNow(previous))
                || !Objects.equals(updated.getMetadata().getFinalizers(), previous.getMetadata().getFinalizers())
                || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), previous.getMetadata().getDeletionTimestamp());
    }

    private static String runNow(RunConfiguration rc) {
        Map<String, String> annotations = rc.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RunConfiguration.RUN_NOW_ANNOTATION);
    }
}
