package io.kfpoperator.provider.contract;

import java.util.Arrays;
import java.util.Optional;

/** The {type} path segment of the provider REST contract. */
public enum ResourceType {
    PIPELINE("pipeline"),
    EXPERIMENT("experiment"),
    RUN_SCHEDULE("runschedule"),
    RUN("run");

    private final String pathSegment;

    ResourceType(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    public String pathSegment() {
        return pathSegment;
    }

    public static Optional<ResourceType> fromPathSegment(String segment) {
        return Arrays.stream(values()).filter(t -> t.pathSegment.equals(segment)).findFirst();
    }
}
