package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The provider id of a trigger RunConfiguration's run that was last acted on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggeredRunReference {

    @JsonPropertyDescription("Platform id of the trigger RunConfiguration's succeeded run last acted on. At most 1024 characters.")
    @Size(max = Bounds.PLATFORM_ID)
    private String providerId;

    public String getProviderId() {
        return providerId;
    }

    public void setProviderId(String providerId) {
        this.providerId = providerId;
    }

    public TriggeredRunReference withProviderId(String providerId) {
        this.providerId = providerId;
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
        TriggeredRunReference that = (TriggeredRunReference) o;
        return Objects.equals(providerId, that.providerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId);
    }

    @Override
    public String toString() {
        return "TriggeredRunReference{" + "providerId=" + providerId + "}";
    }
}
