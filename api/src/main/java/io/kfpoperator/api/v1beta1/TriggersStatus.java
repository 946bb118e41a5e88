package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;
import java.util.Objects;

/** What last triggered runs of a RunConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggersStatus {

    @JsonPropertyDescription("Per trigger RunConfiguration (keyed as written in triggers.runConfigurations), its succeeded run last acted on. At most 100 entries, one per trigger.")
    @Size(max = Bounds.TRIGGER_RUN_CONFIGURATIONS)
    private Map<String, TriggeredRunReference> runConfigurations;

    @JsonPropertyDescription("The version of spec.run last acted on (onChange: runSpec).")
    private VersionReference runSpec;

    @JsonPropertyDescription("The pipeline version last acted on (onChange: pipeline).")
    private VersionReference pipeline;

    @JsonPropertyDescription("The value of the annotation pipelines.kubeflow.org/run-now last acted on: a Run was started (or found already started) for it. At most 128 characters.")
    @Size(max = Bounds.RUN_NOW_TOKEN)
    private String runNow;

    public Map<String, TriggeredRunReference> getRunConfigurations() {
        return runConfigurations;
    }

    public void setRunConfigurations(Map<String, TriggeredRunReference> runConfigurations) {
        this.runConfigurations = runConfigurations;
    }

    public TriggersStatus withRunConfigurations(Map<String, TriggeredRunReference> runConfigurations) {
        this.runConfigurations = runConfigurations;
        return this;
    }

    public VersionReference getRunSpec() {
        return runSpec;
    }

    public void setRunSpec(VersionReference runSpec) {
        this.runSpec = runSpec;
    }

    public TriggersStatus withRunSpec(VersionReference runSpec) {
        this.runSpec = runSpec;
        return this;
    }

    public VersionReference getPipeline() {
        return pipeline;
    }

    public void setPipeline(VersionReference pipeline) {
        this.pipeline = pipeline;
    }

    public TriggersStatus withPipeline(VersionReference pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    public String getRunNow() {
        return runNow;
    }

    public void setRunNow(String runNow) {
        this.runNow = runNow;
    }

    public TriggersStatus withRunNow(String runNow) {
        this.runNow = runNow;
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
        TriggersStatus that = (TriggersStatus) o;
        return Objects.equals(runConfigurations, that.runConfigurations) && Objects.equals(runSpec, that.runSpec) && Objects.equals(pipeline, that.pipeline) && Objects.equals(runNow, that.runNow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runConfigurations, runSpec, pipeline, runNow);
    }

    @Override
    public String toString() {
        return "TriggersStatus{" + "runConfigurations=" + runConfigurations + ", " + "runSpec=" + runSpec + ", " + "pipeline=" + pipeline + ", " + "runNow=" + runNow + "}";
    }
}
