package io.kfpoperator.controller.run;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.kfpoperator.api.v1beta1.Run;
import java.util.Objects;

/**
 * Which updates of a Run wake its reconciler: a spec change (generation), what the run-completion
 * endpoint records ({@code completionState}, and {@code nextAttemptAt} of a retry) and metadata a user or Kubernetes sets (labels,
 * annotations such as the retry request, finalizers, deletion). Not the reconciler's own status
 * writes: waking on those would start the next attempt of a failing call at once, whatever the
 * backoff said. Generation-aware processing alone would miss the completion, which changes only status.
 */
public final class RunChanges implements OnUpdateFilter<Run> {

    @Override
    public boolean accept(Run updated, Run previous) {
        return !Objects.equals(updated.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
                || !Objects.equals(completionState(updated), completionState(previous))
                || !Objects.equals(nextAttemptAt(updated), nextAttemptAt(previous)) && nextAttemptAt(updated) != null
                || !Objects.equals(updated.getMetadata().getLabels(), previous.getMetadata().getLabels())
                || !Objects.equals(updated.getMetadata().getAnnotations(), previous.getMetadata().getAnnotations())
                || !Objects.equals(updated.getMetadata().getFinalizers(), previous.getMetadata().getFinalizers())
                || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), previous.getMetadata().getDeletionTimestamp());
    }

    /** Set by the run-completion endpoint when a failed attempt is to be retried. */
    private static String nextAttemptAt(Run run) {
        return run.getStatus() == null ? null : run.getStatus().getNextAttemptAt();
    }

    private static String completionState(Run run) {
        return run.getStatus() == null ? null : run.getStatus().getCompletionState();
    }
}
