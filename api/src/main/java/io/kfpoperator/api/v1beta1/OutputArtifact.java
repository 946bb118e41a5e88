package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** An artifact of a run to surface in run-completion events; path is "component:artifact[:index][[filter]]". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputArtifact {

    @Required
    @JsonPropertyDescription("Name the artifact is reported under; other RunConfigurations take it by this name (valueFrom.runConfigurationRef.outputArtifact). At most 253 characters.")
    @Size(max = Bounds.NAME)
    private String name;

    @Required
    @Pattern("^([^\\[\\]:]+):([^\\[\\]:]+)(?::(\\d*))?(?:\\[([^\\[\\]:]+)\\])?$")
    @JsonPropertyDescription("Where the artifact is found in the finished run: component:artifact[:index][[filter]], the pipeline component, its output artifact, the instance (default 0) and a filter over the instance's metadata that must hold, e.g. echo:output:0 or trainer:model[pushed == true]. At most 1024 characters.")
    @Size(max = Bounds.ARTIFACT_PATH)
    private String path;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public OutputArtifact withName(String name) {
        this.name = name;
        return this;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public OutputArtifact withPath(String path) {
        this.path = path;
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
        OutputArtifact that = (OutputArtifact) o;
        return Objects.equals(name, that.name) && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, path);
    }

    @Override
    public String toString() {
        return "OutputArtifact{" + "name=" + name + ", " + "path=" + path + "}";
    }
}
