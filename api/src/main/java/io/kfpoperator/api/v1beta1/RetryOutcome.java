package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An outcome of a platform run that spec.retry.when can name as worth another attempt. */
public enum RetryOutcome {
    /** The run failed on the platform (a timed-out attempt counts as failed). */
    @JsonProperty("Failed")
    FAILED("Failed"),
    /** The run was stopped (cancelled, terminated) on the platform by someone other than the operator. */
    @JsonProperty("Stopped")
    STOPPED("Stopped");

    private final String wireName;

    RetryOutcome(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests. */
    public String wireName() {
        return wireName;
    }
}
