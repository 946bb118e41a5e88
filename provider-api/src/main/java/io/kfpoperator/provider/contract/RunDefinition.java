package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Body of POST /resource/run. Names are "namespace/name"; an absent name is "".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDefinition(
        String name,
        String version,
        String pipelineName,
        String pipelineVersion,
        String runConfigurationName,
        String experimentName,
        Map<String, String> parameters,
        List<OutputArtifact> artifacts,
        TriggerIndicator triggerIndicator) {
}
