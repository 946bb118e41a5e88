package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the controller runs a Provider's platform calls (our field). */
public enum ExecutionEngine {
    @JsonProperty("direct")
    DIRECT("direct"),
    @JsonProperty("argo")
    ARGO("argo");

    private final String wireName;

    ExecutionEngine(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests. */
    public String wireName() {
        return wireName;
    }
}
