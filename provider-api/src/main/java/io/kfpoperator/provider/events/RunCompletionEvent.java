package io.kfpoperator.provider.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the operator publishes downstream: the event data with artifacts resolved instead of
 * components, and (ours, optional) {@code attempts}: how many platform runs the Run took.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunCompletionEvent(
        RunCompletionStatus status,
        String pipelineName,
        String runConfigurationName,
        String runName,
        String runId,
        OffsetDateTime runStartTime,
        OffsetDateTime runEndTime,
        List<Artifact> artifacts,
        String provider,
        Integer attempts) {

    /** Without an attempt count (a scheduled run, which no Run resource tracks). */
    public RunCompletionEvent(RunCompletionStatus status, String pipelineName, String runConfigurationName, String runName, String runId,
            OffsetDateTime runStartTime, OffsetDateTime runEndTime, List<Artifact> artifacts, String provider) {
        this(status, pipelineName, runConfigurationName, runName, runId, runStartTime, runEndTime, artifacts, provider, null);
    }

    /** The same event saying how many attempts (platform runs) the Run took. */
    public RunCompletionEvent withAttempts(Integer count) {
        return new RunCompletionEvent(status, pipelineName, runConfigurationName, runName, runId, runStartTime, runEndTime, artifacts, provider, count);
    }
}
