package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Body of POST/PUT /resource/runschedule. Names are "namespace/name"; an absent name is "".
 *
 * <p>{@code suspended} is ours (the Go contract has no such field, and its provider images ignore
 * it): {@code true} asks the platform to keep the schedule but start no runs from it until a later
 * update without it; absent (never sent as {@code false}) is an active schedule.
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
        TriggerIndicator triggerIndicator,
        Boolean suspended) {

    /** An active schedule. */
    public RunScheduleDefinition(String name, String version, String pipelineName, String pipelineVersion, String runConfigurationName,
                                 String experimentName, Schedule schedule, Map<String, String> parameters, List<OutputArtifact> artifacts,
                                 TriggerIndicator triggerIndicator) {
        this(name, version, pipelineName, pipelineVersion, runConfigurationName, experimentName, schedule, parameters, artifacts,
                triggerIndicator, null);
    }

    /** Whether the platform should start no runs from this schedule. */
    public boolean isSuspended() {
        return Boolean.TRUE.equals(suspended);
    }
}
