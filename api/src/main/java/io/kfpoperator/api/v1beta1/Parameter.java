package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A runtime parameter of a run: a literal value or a value taken from another RunConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.value) && has(self.valueFrom))", message = "set either value or valueFrom, not both")
public class Parameter {

    @Required
    private String name;

    private String value;

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
