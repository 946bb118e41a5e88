package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A change of a RunConfiguration that starts a run. */
public enum OnChangeTrigger {
    @JsonProperty("pipeline")
    PIPELINE("pipeline"),
    @JsonProperty("runSpec")
    RUN_SPEC("runSpec");

    private final String wireName;

    OnChangeTrigger(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests. */
    public String wireName() {
        return wireName;
    }
}
