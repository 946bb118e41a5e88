package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Status of a condition, as in Kubernetes. */
public enum ConditionStatus {
    @JsonProperty("True")
    TRUE("True"),
    @JsonProperty("False")
    FALSE("False"),
    @JsonProperty("Unknown")
    UNKNOWN("Unknown");

    private final String wireName;

    ConditionStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests. */
    public String wireName() {
        return wireName;
    }
}
