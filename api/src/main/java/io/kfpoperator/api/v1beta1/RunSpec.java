package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Objects;

/** What to run: the pipeline (and optionally its version), where, with which parameters, and which artifacts to report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunSpec {

    /** The Provider, "namespace/name". */
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String provider;

    /** The Pipeline, "name" or "name:version". */
    @Pattern("^[\\w\\-]+(?::[\\w\\-_.]+)?$")
    private String pipeline;

    private String experimentName;

    private List<Parameter> parameters;

    private List<OutputArtifact> artifacts;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public RunSpec withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }

    public RunSpec withPipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    public String getExperimentName() {
        return experimentName;
    }

    public void setExperimentName(String experimentName) {
        this.experimentName = experimentName;
    }

    public RunSpec withExperimentName(String experimentName) {
        this.experimentName = experimentName;
        return this;
    }

    public List<Parameter> getParameters() {
        return parameters;
    }

    public void setParameters(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    public RunSpec withParameters(List<Parameter> parameters) {
        this.parameters = parameters;
        return this;
    }

    public List<OutputArtifact> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<OutputArtifact> artifacts) {
        this.artifacts = artifacts;
    }

    public RunSpec withArtifacts(List<OutputArtifact> artifacts) {
        this.artifacts = artifacts;
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
        RunSpec that = (RunSpec) o;
        return Objects.equals(provider, that.provider) && Objects.equals(pipeline, that.pipeline) && Objects.equals(experimentName, that.experimentName) && Objects.equals(parameters, that.parameters) && Objects.equals(artifacts, that.artifacts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, pipeline, experimentName, parameters, artifacts);
    }

    @Override
    public String toString() {
        return "RunSpec{" + "provider=" + provider + ", " + "pipeline=" + pipeline + ", " + "experimentName=" + experimentName + ", " + "parameters=" + parameters + ", " + "artifacts=" + artifacts + "}";
    }
}
