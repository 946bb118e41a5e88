package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** Status of a RunConfiguration (it does not use the common Status: provider is a plain "namespace/name"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunConfigurationStatus implements ConditionedStatus {

    @JsonPropertyDescription("The Provider of spec.run, as namespace/name. At most 317 characters: a namespace (at most 63), '/' and a name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String provider;

    @JsonPropertyDescription("The latest runs started by this RunConfiguration, by outcome.")
    private LatestRuns latestRuns;

    @JsonPropertyDescription("What the RunConfiguration resolved from the resources it depends on: the pipeline version and the RunConfigurations its parameters and triggers name.")
    private Dependencies dependencies;

    @JsonPropertyDescription("What the triggers last acted on; a change of these values starts a run.")
    private TriggersStatus triggers;

    @JsonPropertyDescription("The metadata.generation of the spec the controller last acted on.")
    private Long observedGeneration;

    @JsonPropertyDescription("Conditions of the RunConfiguration: Synchronized, whose reason is the synchronisation state (Creating, Updating, Deleting, Succeeded, Failed, Deleted), and ParametersResolved, False while a pipeline version or parameter value is not available yet. At most 32 entries.")
    @Size(max = Bounds.CONDITIONS)
    private List<Condition> conditions;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public RunConfigurationStatus withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public LatestRuns getLatestRuns() {
        return latestRuns;
    }

    public void setLatestRuns(LatestRuns latestRuns) {
        this.latestRuns = latestRuns;
    }

    public RunConfigurationStatus withLatestRuns(LatestRuns latestRuns) {
        this.latestRuns = latestRuns;
        return this;
    }

    public Dependencies getDependencies() {
        return dependencies;
    }

    public void setDependencies(Dependencies dependencies) {
        this.dependencies = dependencies;
    }

    public RunConfigurationStatus withDependencies(Dependencies dependencies) {
        this.dependencies = dependencies;
        return this;
    }

    public TriggersStatus getTriggers() {
        return triggers;
    }

    public void setTriggers(TriggersStatus triggers) {
        this.triggers = triggers;
    }

    public RunConfigurationStatus withTriggers(TriggersStatus triggers) {
        this.triggers = triggers;
        return this;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public RunConfigurationStatus withObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public RunConfigurationStatus withConditions(List<Condition> conditions) {
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
        RunConfigurationStatus that = (RunConfigurationStatus) o;
        return Objects.equals(provider, that.provider) && Objects.equals(latestRuns, that.latestRuns) && Objects.equals(dependencies, that.dependencies) && Objects.equals(triggers, that.triggers) && Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(conditions, that.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, latestRuns, dependencies, triggers, observedGeneration, conditions);
    }

    @Override
    public String toString() {
        return "RunConfigurationStatus{" + "provider=" + provider + ", " + "latestRuns=" + latestRuns + ", " + "dependencies=" + dependencies + ", " + "triggers=" + triggers + ", " + "observedGeneration=" + observedGeneration + ", " + "conditions=" + conditions + "}";
    }
}
