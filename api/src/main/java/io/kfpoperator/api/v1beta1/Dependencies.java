package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Objects;

/** What a Run or RunConfiguration observed of the resources it depends on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Dependencies {

    /** Keyed by the reference as written ("name" or "namespace/name"). */
    @JsonPropertyDescription("Per RunConfiguration referenced (keyed as written, name or namespace/name), its latest succeeded run and the artifacts this resource takes from it. At most 512 entries: the references of 256 parameters and 100 triggers fit.")
    @Size(max = Bounds.DEPENDENCIES)
    private Map<String, RunReference> runConfigurations;

    @JsonPropertyDescription("The pipeline version the pipeline reference resolved to.")
    private PipelineDependency pipeline;

    public Map<String, RunReference> getRunConfigurations() {
        return runConfigurations;
    }

    public void setRunConfigurations(Map<String, RunReference> runConfigurations) {
        this.runConfigurations = runConfigurations;
    }

    public Dependencies withRunConfigurations(Map<String, RunReference> runConfigurations) {
        this.runConfigurations = runConfigurations;
        return this;
    }

    public PipelineDependency getPipeline() {
        return pipeline;
    }

    public void setPipeline(PipelineDependency pipeline) {
        this.pipeline = pipeline;
    }

    public Dependencies withPipeline(PipelineDependency pipeline) {
        this.pipeline = pipeline;
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
        Dependencies that = (Dependencies) o;
        return Objects.equals(runConfigurations, that.runConfigurations) && Objects.equals(pipeline, that.pipeline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runConfigurations, pipeline);
    }

    @Override
    public String toString() {
        return "Dependencies{" + "runConfigurations=" + runConfigurations + ", " + "pipeline=" + pipeline + "}";
    }
}
