package io.kfpoperator.provider.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Outcome of a finished run, serialised in lower case as upstream does. */
public enum RunCompletionStatus {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String wireName;

    RunCompletionStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
