package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Body of POST /resource/run. Names are "namespace/name"; an absent name is "".
 *
 * <p>{@code attempt} (ours; absent means 1) numbers the platform runs of one Run when it is
 * retried: a create is idempotent per name, version and attempt, so attempt 2 is a new platform run
 * and a repeated create of attempt 2 returns the same one.
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
        TriggerIndicator triggerIndicator,
        Integer attempt) {

    /** The first attempt (the contract as upstream has it). */
    public RunDefinition(String name, String version, String pipelineName, String pipelineVersion, String runConfigurationName,
            String experimentName, Map<String, String> parameters, List<OutputArtifact> artifacts, TriggerIndicator triggerIndicator) {
        this(name, version, pipelineName, pipelineVersion, runConfigurationName, experimentName, parameters, artifacts, triggerIndicator, null);
    }

    /** The attempt number, 1 when absent. */
    public int attemptNumber() {
        return attempt == null || attempt < 1 ? 1 : attempt;
    }
}
