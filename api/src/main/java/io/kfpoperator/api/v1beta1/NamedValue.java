package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A name and a value, e.g. an environment variable of the pipeline compiler or a resolved run parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamedValue {

    @Required
    @JsonPropertyDescription("The name: of the compiler's environment variable (Pipeline env) or of the run parameter (RunSchedule parameters). At most 253 characters.")
    @Size(max = Bounds.NAME)
    private String name;

    @Required
    @JsonPropertyDescription("The value, a plain string; may be empty. At most 32768 characters (32 KiB, the size Kubernetes allows a condition message); larger inputs belong in an artifact or a ConfigMap.")
    @Size(max = Bounds.VALUE)
    private String value;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public NamedValue withName(String name) {
        this.name = name;
        return this;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public NamedValue withValue(String value) {
        this.value = value;
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
        NamedValue that = (NamedValue) o;
        return Objects.equals(name, that.name) && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }

    @Override
    public String toString() {
        return "NamedValue{" + "name=" + name + ", " + "value=" + value + "}";
    }
}
