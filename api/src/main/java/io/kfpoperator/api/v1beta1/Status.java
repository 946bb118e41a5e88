package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** Status shared by Pipeline, Experiment, RunSchedule, Run and Provider. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Status implements ConditionedStatus {

    @JsonPropertyDescription("The platform object this resource is synchronised to: its Provider and the object's id on the platform. Written by the controller.")
    private ProviderAndId provider;

    /** Hash version of the spec last synchronised. */
    @JsonPropertyDescription("Version of the spec last synchronised: a hash of the spec's fields computed as the Go operator does, for a Pipeline prefixed with its image tag (v1-1a2b3c). At most 256 characters.")
    @Size(max = Bounds.VERSION)
    private String version;

    @JsonPropertyDescription("The metadata.generation of the spec the controller last acted on.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions of the resource: Synchronized, whose reason is the synchronisation state (Creating, Updating, Deleting, Succeeded, Failed, Deleted) and whose message says why, and, on Runs, ParametersResolved and Completed (the final outcome, or Retrying while the next attempt waits). At most 32 entries.")
    @Size(max = Bounds.CONDITIONS)
    private List<Condition> conditions;

    public ProviderAndId getProvider() {
        return provider;
    }

    public void setProvider(ProviderAndId provider) {
        this.provider = provider;
    }

    public Status withProvider(ProviderAndId provider) {
        this.provider = provider;
        return this;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public Status withVersion(String version) {
        this.version = version;
        return this;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Status withObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Status withConditions(List<Condition> conditions) {
        this.conditions = conditions;
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
        Status that = (Status) o;
        return Objects.equals(provider, that.provider) && Objects.equals(version, that.version) && Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(conditions, that.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, version, observedGeneration, conditions);
    }

    @Override
    public String toString() {
        return "Status{" + "provider=" + provider + ", " + "version=" + version + ", " + "observedGeneration=" + observedGeneration + ", " + "conditions=" + conditions + "}";
    }
}
