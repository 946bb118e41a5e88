package io.kfpoperator.provider.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a provider service POSTs to the operator's /events endpoint when a run finishes
 * (upstream's RunCompletionEventData). Names are "namespace/name" strings.
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
        String provider) {

    /** The event id: {@code <provider>/<runId>/<status>}; the same run outcome always has the same id. */
    public String eventId() {
        return provider + "/" + runId + "/" + (status == null ? "" : status.wireName());
    }
}
