package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Status of a Run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunStatus extends Status {

    @JsonPropertyDescription("What the run resolved from the resources it depends on: the pipeline version and the RunConfigurations its parameters take values from.")
    private Dependencies dependencies;

    /** Succeeded or Failed once the platform reports the run finished. */
    @JsonPropertyDescription("Succeeded or Failed once the platform reports the run finished; unset while it runs. At most 63 characters.")
    @Size(max = Bounds.LABEL)
    private String completionState;

    /** RFC 3339 time the operator first saw completionState. */
    @JsonPropertyDescription("RFC 3339 time the operator first saw completionState. At most 64 characters (the longest RFC 3339 time has 35).")
    @Size(max = Bounds.TIME)
    private String markedCompletedAt;

    public Dependencies getDependencies() {
        return dependencies;
    }

    public void setDependencies(Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    public RunStatus withDependencies(Dependencies dependencies) {
        this.dependencies = dependencies;
        return this;
    }

    public String getCompletionState() {
        return completionState;
    }

    public void setCompletionState(String completionState) {
        this.completionState = completionState;
    }

    public RunStatus withCompletionState(String completionState) {
        this.completionState = completionState;
        return this;
    }

    public String getMarkedCompletedAt() {
        return markedCompletedAt;
    }

    public void setMarkedCompletedAt(String markedCompletedAt) {
        this.markedCompletedAt = markedCompletedAt;
    }

    public RunStatus withMarkedCompletedAt(String markedCompletedAt) {
        this.markedCompletedAt = markedCompletedAt;
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
        RunStatus that = (RunStatus) o;
        return super.equals(o) && Objects.equals(dependencies, that.dependencies) && Objects.equals(completionState, that.completionState) && Objects.equals(markedCompletedAt, that.markedCompletedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), dependencies, completionState, markedCompletedAt);
    }

    @Override
    public String toString() {
        return "RunStatus{" + "dependencies=" + dependencies + ", " + "completionState=" + completionState + ", " + "markedCompletedAt=" + markedCompletedAt + ", " + super.toString() + "}";
    }
}
