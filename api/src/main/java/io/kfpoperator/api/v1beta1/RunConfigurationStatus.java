package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/** Status of a RunConfiguration (it does not use the common Status: provider is a plain "namespace/name"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunConfigurationStatus {

    private String provider;

    private LatestRuns latestRuns;

    private Dependencies dependencies;

    private TriggersStatus triggers;

    private Long observedGeneration;

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
