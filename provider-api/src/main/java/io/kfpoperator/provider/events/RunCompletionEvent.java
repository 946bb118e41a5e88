package io.kfpoperator.provider.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/** What the operator publishes downstream: the event data with artifacts resolved instead of components. */
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
        String provider) {
}
