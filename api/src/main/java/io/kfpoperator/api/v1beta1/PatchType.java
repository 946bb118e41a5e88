package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a framework patch is applied: RFC 6902 JSON Patch or RFC 7386 JSON Merge Patch. */
public enum PatchType {
    @JsonProperty("json")
    JSON("json"),
    @JsonProperty("merge")
    MERGE("merge");

    private final String wireName;

    PatchType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests. */
    public String wireName() {
        return wireName;
    }
}
