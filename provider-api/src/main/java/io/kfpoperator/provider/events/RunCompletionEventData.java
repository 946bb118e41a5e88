package io.kfpoperator.provider.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a provider service POSTs to the operator's /events endpoint when a run finishes
 * (upstream's RunCompletionEventData). Names are "namespace/name" strings. {@code stopped} (ours,
 * optional) is true when the platform run was cancelled or terminated: its status is then failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunCompletionEventData(
        RunCompletionStatus status,
        String pipelineName,
        String runConfigurationName,
        String runName,
        String runId,
        OffsetDateTime runStartTime,
        OffsetDateTime runEndTime,
        List<PipelineComponent> pipelineComponents,
        String provider,
        Boolean stopped) {

    /** Without saying whether the run was stopped (upstream's shape). */
    public RunCompletionEventData(RunCompletionStatus status, String pipelineName, String runConfigurationName, String runName,
            String runId, OffsetDateTime runStartTime, OffsetDateTime runEndTime, List<PipelineComponent> pipelineComponents, String provider) {
        this(status, pipelineName, runConfigurationName, runName, runId, runStartTime, runEndTime, pipelineComponents, provider, null);
    }

    /** Whether the platform reports the run as stopped (cancelled, terminated) rather than failed by itself; its status is then failed. */
    public boolean wasStopped() {
        return Boolean.TRUE.equals(stopped);
    }

    /** The event id: {@code <provider>/<runId>/<status>}; the same run outcome always has the same id. */
    public String eventId() {
        return provider + "/" + runId + "/" + (status == null ? "" : status.wireName());
    }
}
