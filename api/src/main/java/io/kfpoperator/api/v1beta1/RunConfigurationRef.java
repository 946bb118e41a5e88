package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Takes a parameter value from an output artifact of another RunConfiguration's latest succeeded run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunConfigurationRef {

    /** The RunConfiguration, "name" or "namespace/name". */
    @Required
    @JsonPropertyDescription("The RunConfiguration whose latest succeeded run supplies the value: name (same namespace) or namespace/name. At most 317 characters: a namespace (at most 63), '/' and a name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String name;

    @Required
    @JsonPropertyDescription("Name of the artifact, as that RunConfiguration's run.artifacts lists it. At most 253 characters.")
    @Size(max = Bounds.NAME)
    private String outputArtifact;

    /** When true, an unresolvable value drops the parameter instead of blocking the run. */
    @JsonPropertyDescription("When true, a value that cannot be resolved (no such RunConfiguration, run or artifact) drops the parameter instead of holding the run back. Default false.")
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
