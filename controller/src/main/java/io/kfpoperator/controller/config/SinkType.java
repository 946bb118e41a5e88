package io.kfpoperator.controller.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of run-completion event sinks. */
public enum SinkType {
    @JsonProperty("nats")
    NATS("nats"),
    @JsonProperty("http")
    HTTP("http"),
    @JsonProperty("log")
    LOG("log"),
    /** The Go operator's RunCompletionEventTrigger gRPC contract (its runCompletionFeed.endpoints). */
    @JsonProperty("grpc")
    GRPC("grpc");

    private final String wireName;

    SinkType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
