package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A RunConfiguration: a run template and its triggers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunConfigurationSpec {

    @JsonPropertyDescription("The run to start when a trigger fires: its Provider, pipeline, parameters and artifacts.")
    private RunSpec run;

    @JsonPropertyDescription("What starts runs: cron schedules, changes (onChange) and other RunConfigurations' succeeded runs.")
    private Triggers triggers;

    public RunSpec getRun() {
        return run;
    }

    public void setRun(RunSpec run) {
        this.run = run;
    }

    public RunConfigurationSpec withRun(RunSpec run) {
        this.run = run;
        return this;
    }

    public Triggers getTriggers() {
        return triggers;
    }

    public void setTriggers(Triggers triggers) {
        this.triggers = triggers;
    }

    public RunConfigurationSpec withTriggers(Triggers triggers) {
        this.triggers = triggers;
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
        RunConfigurationSpec that = (RunConfigurationSpec) o;
        return Objects.equals(run, that.run) && Objects.equals(triggers, that.triggers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(run, triggers);
    }

    @Override
    public String toString() {
        return "RunConfigurationSpec{" + "run=" + run + ", " + "triggers=" + triggers + "}";
    }
}
