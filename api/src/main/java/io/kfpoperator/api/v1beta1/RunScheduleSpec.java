package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Objects;

/** A schedule of runs on the platform, normally owned by a RunConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunScheduleSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String provider;

    @Pattern("^[\\w\\-]+(?::[\\w\\-_.]+)?$")
    private String pipeline;

    private String experimentName;

    private List<NamedValue> parameters;

    private List<OutputArtifact> artifacts;

    private Schedule schedule;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public RunScheduleSpec withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }

    public RunScheduleSpec withPipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    public String getExperimentName() {
        return experimentName;
    }

    public void setExperimentName(String experimentName) {
        this.experimentName = experimentName;
    }

    public RunScheduleSpec withExperimentName(String experimentName) {
        this.experimentName = experimentName;
        return this;
    }

    public List<NamedValue> getParameters() {
        return parameters;
    }

    public void setParameters(List<NamedValue> parameters) {
        this.parameters = parameters;
    }

    public RunScheduleSpec withParameters(List<NamedValue> parameters) {
        this.parameters = parameters;
        return this;
    }

    public List<OutputArtifact> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<OutputArtifact> artifacts) {
        this.artifacts = artifacts;
    }

    public RunScheduleSpec withArtifacts(List<OutputArtifact> artifacts) {
        this.artifacts = artifacts;
        return this;
    }

    public Schedule getSchedule() {
        return schedule;
    }

    public void setSchedule(Schedule schedule) {
        this.schedule = schedule;
    }

    public RunScheduleSpec withSchedule(Schedule schedule) {
        this.schedule = schedule;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        RunScheduleSpec that = (RunScheduleSpec) o;
        return Objects.equals(provider, that.provider) && Objects.equals(pipeline, that.pipeline) && Objects.equals(experimentName, that.experimentName) && Objects.equals(parameters, that.parameters) && Objects.equals(artifacts, that.artifacts) && Objects.equals(schedule, that.schedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, pipeline, experimentName, parameters, artifacts, schedule);
    }

    @Override
    public String toString() {
        return "RunScheduleSpec{" + "provider=" + provider + ", " + "pipeline=" + pipeline + ", " + "experimentName=" + experimentName + ", " + "parameters=" + parameters + ", " + "artifacts=" + artifacts + ", " + "schedule=" + schedule + "}";
    }
}
