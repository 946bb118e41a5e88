package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A resolved artifact: its OutputArtifact name and the produced artifact's location. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Artifact {

    @Required
    @JsonPropertyDescription("Name of the output artifact (the run spec's artifacts[].name). At most 253 characters.")
    @Size(max = Bounds.NAME)
    private String name;

    @Required
    @JsonPropertyDescription("Where the platform stored the artifact, e.g. a gs:// URI; a parameter's valueFrom takes this value. At most 4096 characters.")
    @Size(max = Bounds.URI)
    private String location;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Artifact withName(String name) {
        this.name = name;
        return this;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public Artifact withLocation(String location) {
        this.location = location;
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
        Artifact that = (Artifact) o;
        return Objects.equals(name, that.name) && Objects.equals(location, that.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, location);
    }

    @Override
    public String toString() {
        return "Artifact{" + "name=" + name + ", " + "location=" + location + "}";
    }
}
