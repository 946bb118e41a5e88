package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** An Experiment on the platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExperimentSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The Provider that manages this experiment on its platform, as namespace/name, e.g. kfp-operator/kfp. At most 317 characters: a namespace (at most 63), '/' and a Provider name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String provider;

    @JsonPropertyDescription("Description of the experiment, shown on the platform. At most 4096 characters.")
    @Size(max = Bounds.TEXT)
    private String description;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public ExperimentSpec withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public ExperimentSpec withDescription(String description) {
        this.description = description;
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
        ExperimentSpec that = (ExperimentSpec) o;
        return Objects.equals(provider, that.provider) && Objects.equals(description, that.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, description);
    }

    @Override
    public String toString() {
        return "ExperimentSpec{" + "provider=" + provider + ", " + "description=" + description + "}";
    }
}
