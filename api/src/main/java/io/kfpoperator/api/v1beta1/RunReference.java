package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A run on the platform and the artifacts it produced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunReference {

    @JsonPropertyDescription("Id of the run on the platform. At most 1024 characters.")
    @Size(max = Bounds.PLATFORM_ID)
    private String providerId;

    @JsonPropertyDescription("The run's artifacts that the artifacts of the run spec name, with their locations. At most 100 entries, one per artifact of the run spec.")
    @Size(max = Bounds.ARTIFACTS)
    private List<Artifact> artifacts;

    public String getProviderId() {
        return providerId;
    }

    public void setProviderId(String providerId) {
        this.providerId = providerId;
    }

    public RunReference withProviderId(String providerId) {
        this.providerId = providerId;
        return this;
    }

    public List<Artifact> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<Artifact> artifacts) {
        this.artifacts = artifacts;
    }

    public RunReference withArtifacts(List<Artifact> artifacts) {
        this.artifacts = artifacts;
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
        RunReference that = (RunReference) o;
        return Objects.equals(providerId, that.providerId) && Objects.equals(artifacts, that.artifacts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, artifacts);
    }

    @Override
    public String toString() {
        return "RunReference{" + "providerId=" + providerId + ", " + "artifacts=" + artifacts + "}";
    }
}
