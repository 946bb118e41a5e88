package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.kfpoperator.api.crd.ItemMaxLength;
import io.kfpoperator.api.crd.ListTypeSet;
import java.util.List;
import java.util.Objects;

/** Retries of a run whose platform run failed: how many attempts, how long between them, after which outcomes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunRetry {

    /** The most attempts allowed; bounds status.attempts as well. */
    public static final int MAX_ATTEMPTS = 20;

    @JsonPropertyDescription("How many platform runs the Run may take in all, the first included: 3 means up to two retries. 1 to 20; unset: 1 (no retry).")
    @Min(1)
    @Max(MAX_ATTEMPTS)
    private Integer attempts;

    @JsonPropertyDescription("How long to wait between attempts: initial (default 30s), doubling each time, up to max (default 10m).")
    private RetryBackoff backoff;

    // Not "on": YAML 1.1 (kubectl) reads an unquoted key on as the boolean true.
    @JsonPropertyDescription("Which outcomes of an attempt start another: Failed (the platform run failed or timed out) and Stopped (it was cancelled or terminated on the platform by someone else). Unset: [Failed]. At most 2 entries of at most 63 characters, no duplicates.")
    @Size(max = 2)
    @ListTypeSet
    @ItemMaxLength(Bounds.LABEL)
    private List<RetryOutcome> when;

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public RunRetry withAttempts(Integer attempts) {
        this.attempts = attempts;
        return this;
    }

    public RetryBackoff getBackoff() {
        return backoff;
    }

    public void setBackoff(RetryBackoff backoff) {
        this.backoff = backoff;
    }

    public RunRetry withBackoff(RetryBackoff backoff) {
        this.backoff = backoff;
        return this;
    }

    public List<RetryOutcome> getWhen() {
        return when;
    }

    public void setWhen(List<RetryOutcome> when) {
        this.when = when;
    }

    public RunRetry withWhen(List<RetryOutcome> when) {
        this.when = when;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunRetry that && Objects.equals(attempts, that.attempts) && Objects.equals(backoff, that.backoff)
                && Objects.equals(when, that.when);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attempts, backoff, when);
    }

    @Override
    public String toString() {
        return "RunRetry{attempts=" + attempts + ", backoff=" + backoff + ", when=" + when + "}";
    }
}
