package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Body of POST/PUT /resource/runschedule. Names are "namespace/name"; an absent name is "".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunScheduleDefinition(
        String name,
        String version,
        String pipelineName,
        String pipelineVersion,
        String runConfigurationName,
        String experimentName,
        Schedule schedule,
        Map<String, String> parameters,
        List<OutputArtifact> artifacts,
        TriggerIndicator triggerIndicator) {
}
