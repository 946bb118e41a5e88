package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Objects;

/** The framework that compiles the pipeline (tfx, kfpsdk, static …) and its parameters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineFramework {

    @Required
    @JsonPropertyDescription("The framework that compiles this pipeline: static (the definition is already compiled; parameters.uri says where it is) or a framework the Provider lists in spec.frameworks, such as tfx or kfpsdk. At most 63 characters, like a label value.")
    @Size(max = Bounds.LABEL)
    private String name;

    @Required
    @JsonPropertyDescription("Parameters of the framework, any JSON values, handed to the compiler as they are: tfx takes pipeline (the Python path of the function that creates the components) and beamArgs; static takes uri (https://, http://, gs://, configmap://namespace/name/key or file://). Replaces upstream v1alpha6's tfxComponents and beamArgs. Required, may be empty ({}). At most 100 entries.")
    @Size(max = Bounds.FRAMEWORK_PARAMETERS)
    private Map<String, JsonNode> parameters;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public PipelineFramework withName(String name) {
        this.name = name;
        return this;
    }

    public Map<String, JsonNode> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, JsonNode> parameters) {
        this.parameters = parameters;
    }

    public PipelineFramework withParameters(Map<String, JsonNode> parameters) {
        this.parameters = parameters;
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
        PipelineFramework that = (PipelineFramework) o;
        return Objects.equals(name, that.name) && Objects.equals(parameters, that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, parameters);
    }

    @Override
    public String toString() {
        return "PipelineFramework{" + "name=" + name + ", " + "parameters=" + parameters + "}";
    }
}
