package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** Where a parameter value comes from when it is not given literally. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ValueFrom {

    @Required
    @JsonPropertyDescription("The RunConfiguration and the output artifact the value comes from: the parameter's value is the artifact's location.")
    private RunConfigurationRef runConfigurationRef;

    public RunConfigurationRef getRunConfigurationRef() {
        return runConfigurationRef;
    }

    public void setRunConfigurationRef(RunConfigurationRef runConfigurationRef) {
        this.runConfigurationRef = runConfigurationRef;
    }

    public ValueFrom withRunConfigurationRef(RunConfigurationRef runConfigurationRef) {
        this.runConfigurationRef = runConfigurationRef;
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
        ValueFrom that = (ValueFrom) o;
        return Objects.equals(runConfigurationRef, that.runConfigurationRef);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runConfigurationRef);
    }

    @Override
    public String toString() {
        return "ValueFrom{" + "runConfigurationRef=" + runConfigurationRef + "}";
    }
}
