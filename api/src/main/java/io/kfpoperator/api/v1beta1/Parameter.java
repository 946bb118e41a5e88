package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A runtime parameter of a run: a literal value or a value taken from another RunConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.value) && has(self.valueFrom))", message = "set either value or valueFrom, not both")
public class Parameter {

    @Required
    @JsonPropertyDescription("Name of the pipeline's runtime parameter. At most 253 characters.")
    @Size(max = Bounds.NAME)
    private String name;

    @JsonPropertyDescription("Literal value, sent to the platform as a string (encode structured values as JSON). Set either value or valueFrom, not both. At most 32768 characters (32 KiB, the size Kubernetes allows a condition message); larger inputs belong in an artifact.")
    @Size(max = Bounds.VALUE)
    private String value;

    @JsonPropertyDescription("Takes the value from an output artifact of another RunConfiguration's latest succeeded run; the run waits (condition ParametersResolved=False) until there is one.")
    private ValueFrom valueFrom;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Parameter withName(String name) {
        this.name = name;
        return this;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public Parameter withValue(String value) {
        this.value = value;
        return this;
    }

    public ValueFrom getValueFrom() {
        return valueFrom;
    }

    public void setValueFrom(ValueFrom valueFrom) {
        this.valueFrom = valueFrom;
    }

    public Parameter withValueFrom(ValueFrom valueFrom) {
        this.valueFrom = valueFrom;
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
        Parameter that = (Parameter) o;
        return Objects.equals(name, that.name) && Objects.equals(value, that.value) && Objects.equals(valueFrom, that.valueFrom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, valueFrom);
    }

    @Override
    public String toString() {
        return "Parameter{" + "name=" + name + ", " + "value=" + value + ", " + "valueFrom=" + valueFrom + "}";
    }
}
