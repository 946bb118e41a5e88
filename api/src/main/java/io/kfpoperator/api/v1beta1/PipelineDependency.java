package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The pipeline version a run or run configuration resolved. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineDependency {

    @JsonPropertyDescription("The Pipeline's version (its status.version) that runs use. At most 256 characters.")
    @Size(max = Bounds.VERSION)
    private String version;

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public PipelineDependency withVersion(String version) {
        this.version = version;
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
        PipelineDependency that = (PipelineDependency) o;
        return Objects.equals(version, that.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version);
    }

    @Override
    public String toString() {
        return "PipelineDependency{" + "version=" + version + "}";
    }
}
