package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;
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

    @JsonPropertyDescription("The number of the current (or, once completed, the last) attempt: 1 for the first platform run, one more for each retry (spec.retry).")
    @Min(1)
    private Integer attempt;

    @JsonPropertyDescription("Each platform run this Run started, oldest first, with its id, start and finish times and outcome. At most 20 entries (spec.retry.attempts allows no more).")
    @Size(max = RunRetry.MAX_ATTEMPTS)
    private List<RunAttempt> attempts;

    @JsonPropertyDescription("RFC 3339 time the next attempt starts, while the Run waits out spec.retry.backoff after a failed attempt. At most 64 characters.")
    @Size(max = Bounds.TIME)
    private String nextAttemptAt;

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

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public RunStatus withAttempt(Integer attempt) {
        this.attempt = attempt;
        return this;
    }

    public List<RunAttempt> getAttempts() {
        return attempts;
    }

    public void setAttempts(List<RunAttempt> attempts) {
        this.attempts = attempts;
    }

    public RunStatus withAttempts(List<RunAttempt> attempts) {
        this.attempts = attempts;
        return this;
    }

    public String getNextAttemptAt() {
        return nextAttemptAt;
    }

    public void setNextAttemptAt(String nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
    }

    public RunStatus withNextAttemptAt(String nextAttemptAt) {
        this.nextAttemptAt = nextAttemptAt;
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
        return super.equals(o) && Objects.equals(dependencies, that.dependencies) && Objects.equals(completionState, that.completionState) && Objects.equals(markedCompletedAt, that.markedCompletedAt)
                && Objects.equals(attempt, that.attempt) && Objects.equals(attempts, that.attempts) && Objects.equals(nextAttemptAt, that.nextAttemptAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), dependencies, completionState, markedCompletedAt, attempt, attempts, nextAttemptAt);
    }

    @Override
    public String toString() {
        return "RunStatus{" + "dependencies=" + dependencies + ", " + "completionState=" + completionState + ", " + "markedCompletedAt=" + markedCompletedAt + ", attempt=" + attempt + ", attempts=" + attempts + ", nextAttemptAt=" + nextAttemptAt + ", " + super.toString() + "}";
    }
}
