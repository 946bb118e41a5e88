package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a schedule's firing does while a run it started is still running; the names are CronJob's. */
public enum ConcurrencyPolicy {
    /** Start another run beside it. */
    @JsonProperty("Allow")
    ALLOW("Allow"),
    /** Skip this firing. */
    @JsonProperty("Forbid")
    FORBID("Forbid"),
    /** Stop the running one, then start the new one. */
    @JsonProperty("Replace")
    REPLACE("Replace");

    private final String wireName;

    ConcurrencyPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests and sent to providers. */
    public String wireName() {
        return wireName;
    }
}
