package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** A patch applied to the resource definition before it is sent to the provider. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.payload) && has(self.patch))", message = "set payload or its alias patch, not both")
public class Patch {

    @JsonPropertyDescription("json: an RFC 6902 JSON Patch (an array of operations); merge: an RFC 7386 JSON Merge Patch (an object).")
    private PatchType type;

    @JsonPropertyDescription("The patch, a JSON document of the shape its type needs. At most 65536 characters (64 KiB).")
    @Size(max = Bounds.PATCH)
    private String payload;

    // The Go operator's Provider reference page spells the field "patch" (its CRD says payload, so
    // the documented manifest lost its patch there): accepted here as an alias.
    @JsonPropertyDescription("Alias of payload, as the Go operator's documentation writes it; set one of the two. At most 65536 characters (64 KiB).")
    @Size(max = Bounds.PATCH)
    private String patch;

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

    public String getPatch() {
        return patch;
    }

    public void setPatch(String patch) {
        this.patch = patch;
    }

    public Patch withPatch(String patch) {
        this.patch = patch;
        return this;
    }

    /** The patch document: payload, or its alias patch (the CRD refuses both). */
    @JsonIgnore
    public String effectivePayload() {
        return payload != null ? payload : patch;
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
        return Objects.equals(type, that.type) && Objects.equals(payload, that.payload) && Objects.equals(patch, that.patch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, payload, patch);
    }

    @Override
    public String toString() {
        return "Patch{" + "type=" + type + ", " + "payload=" + payload + ", " + "patch=" + patch + "}";
    }
}
