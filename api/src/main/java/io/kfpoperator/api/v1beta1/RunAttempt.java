package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One platform run of a Run: its number, id, when it started and finished, and how it ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunAttempt {

    @JsonPropertyDescription("The attempt's number, 1 for the first platform run.")
    @Min(1)
    private Integer attempt;

    @JsonPropertyDescription("The platform run's id. At most 1024 characters.")
    @Size(max = Bounds.PLATFORM_ID)
    private String providerId;

    @JsonPropertyDescription("RFC 3339 time the platform run was started (spec.timeout counts from here). At most 64 characters.")
    @Size(max = Bounds.TIME)
    private String startedAt;

    @JsonPropertyDescription("RFC 3339 time the platform run finished, as the platform reports it. At most 64 characters.")
    @Size(max = Bounds.TIME)
    private String finishedAt;

    @JsonPropertyDescription("How the attempt ended: Succeeded, Failed, Stopped (cancelled on the platform) or TimedOut (stopped by the operator after spec.timeout); unset while it runs. At most 63 characters.")
    @Size(max = Bounds.LABEL)
    private String outcome;

    @JsonPropertyDescription("Why the operator stopped the attempt, e.g. that it ran longer than spec.timeout. At most 4096 characters.")
    @Size(max = Bounds.TEXT)
    private String message;

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public RunAttempt withAttempt(Integer attempt) {
        this.attempt = attempt;
        return this;
    }

    public String getProviderId() {
        return providerId;
    }

    public void setProviderId(String providerId) {
        this.providerId = providerId;
    }

    public RunAttempt withProviderId(String providerId) {
        this.providerId = providerId;
        return this;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public RunAttempt withStartedAt(String startedAt) {
        this.startedAt = startedAt;
        return this;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }

    public RunAttempt withFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
        return this;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public RunAttempt withOutcome(String outcome) {
        this.outcome = outcome;
        return this;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public RunAttempt withMessage(String message) {
        this.message = message;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunAttempt that && Objects.equals(attempt, that.attempt) && Objects.equals(providerId, that.providerId)
                && Objects.equals(startedAt, that.startedAt) && Objects.equals(finishedAt, that.finishedAt)
                && Objects.equals(outcome, that.outcome) && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attempt, providerId, startedAt, finishedAt, outcome, message);
    }

    @Override
    public String toString() {
        return "RunAttempt{attempt=" + attempt + ", providerId=" + providerId + ", startedAt=" + startedAt + ", finishedAt=" + finishedAt
                + ", outcome=" + outcome + ", message=" + message + "}";
    }
}
