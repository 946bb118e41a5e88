package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** Takes a parameter value from an output artifact of another RunConfiguration's latest succeeded run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunConfigurationRef {

    /** The RunConfiguration, "name" or "namespace/name". */
    @Required
    private String name;

    @Required
    private String outputArtifact;

    /** When true, an unresolvable value drops the parameter instead of blocking the run. */
    private Boolean optional;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public RunConfigurationRef withName(String name) {
        this.name = name;
        return this;
    }

    public String getOutputArtifact() {
        return outputArtifact;
    }

    public void setOutputArtifact(String outputArtifact) {
        this.outputArtifact = outputArtifact;
    }

    public RunConfigurationRef withOutputArtifact(String outputArtifact) {
        this.outputArtifact = outputArtifact;
        return this;
    }

    public Boolean getOptional() {
        return optional;
    }

    public void setOptional(Boolean optional) {
        this.optional = optional;
    }

    public RunConfigurationRef withOptional(Boolean optional) {
        this.optional = optional;
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
        RunConfigurationRef that = (RunConfigurationRef) o;
        return Objects.equals(name, that.name) && Objects.equals(outputArtifact, that.outputArtifact) && Objects.equals(optional, that.optional);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, outputArtifact, optional);
    }

    @Override
    public String toString() {
        return "RunConfigurationRef{" + "name=" + name + ", " + "outputArtifact=" + outputArtifact + ", " + "optional=" + optional + "}";
    }
}
