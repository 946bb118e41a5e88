package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Which Provider owns the platform object ("namespace/name") and the object's id on the platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderAndId {

    @JsonPropertyDescription("The Provider, as namespace/name. At most 317 characters: a namespace (at most 63), '/' and a name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String name;

    @JsonPropertyDescription("Id of the object on the ML platform (its pipeline, experiment, run or schedule id). At most 1024 characters.")
    @Size(max = Bounds.PLATFORM_ID)
    private String id;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ProviderAndId withName(String name) {
        this.name = name;
        return this;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public ProviderAndId withId(String id) {
        this.id = id;
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
        ProviderAndId that = (ProviderAndId) o;
        return Objects.equals(name, that.name) && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id);
    }

    @Override
    public String toString() {
        return "ProviderAndId{" + "name=" + name + ", " + "id=" + id + "}";
    }
}
