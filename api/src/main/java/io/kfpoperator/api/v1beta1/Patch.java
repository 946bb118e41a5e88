package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A patch applied to the resource definition before it is sent to the provider. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Patch {

    @JsonPropertyDescription("json: an RFC 6902 JSON Patch (an array of operations); merge: an RFC 7386 JSON Merge Patch (an object).")
    private PatchType type;

    @JsonPropertyDescription("The patch, a JSON document of the shape its type needs. At most 65536 characters (64 KiB).")
    @Size(max = Bounds.PATCH)
    private String payload;

    public PatchType getType() {
        return type;
    }

    public void setType(PatchType type) {
        this.type = type;
    }

    public Patch withType(PatchType type) {
        this.type = type;
        return this;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    public Patch withPayload(String payload) {
        this.payload = payload;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        Patch that = (Patch) o;
        return Objects.equals(type, that.type) && Objects.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, payload);
    }

    @Override
    public String toString() {
        return "Patch{" + "type=" + type + ", " + "payload=" + payload + "}";
    }
}
