package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A schedule of runs on the platform, normally owned by a RunConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunScheduleSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The Provider that keeps this schedule on its platform, as namespace/name, e.g. kfp-operator/kfp. At most 317 characters: a namespace (at most 63), '/' and a Provider name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String provider;

    @Pattern("^[\\w\\-]+(?::[\\w\\-_.]+)?$")
    @JsonPropertyDescription("The Pipeline to run, in this namespace: name (runs use its latest synchronised version) or name:version (that version, as the Pipeline's status.version shows it). At most 512 characters: a name (at most 253), ':' and a version (an image tag of at most 128 and a 7-character hash suffix).")
    @Size(max = Bounds.PIPELINE_REFERENCE)
    private String pipeline;

    @JsonPropertyDescription("The Experiment, in this namespace, the runs are grouped under; unset or empty uses the Provider's default experiment. At most 253 characters, a Kubernetes object name.")
    @Size(max = Bounds.NAME)
    private String experimentName;

    @JsonPropertyDescription("Runtime parameters as plain values (a RunConfiguration writes its resolved parameters here). At most 256 entries, as many as a run spec has.")
    @Size(max = Bounds.PARAMETERS)
    private List<NamedValue> parameters;

    @JsonPropertyDescription("Output artifacts to report in run-completion events and to offer to other RunConfigurations (their parameters' valueFrom.runConfigurationRef.outputArtifact). Names must be unique. At most 100 entries.")
    @Size(max = Bounds.ARTIFACTS)
    private List<OutputArtifact> artifacts;

    @JsonPropertyDescription("When the scheduled runs start.")
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
