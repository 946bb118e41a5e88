package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.kfpoperator.api.crd.ItemMaxLength;
import io.kfpoperator.api.crd.ListTypeSet;
import java.util.List;
import java.util.Objects;

/** What starts runs of a RunConfiguration: schedules, changes, and other RunConfigurations completing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Triggers {

    @ValidationRule(value = "self.all(x, self.exists_one(y, x == y))", message = "duplicate schedule")
    @JsonPropertyDescription("Cron schedules that start runs; the operator keeps one RunSchedule per entry, made once the pipeline version is known. Entries must be unique (checked by a CEL rule comparing every pair). At most 100 entries, which keeps that rule well within the API server's CEL cost budget.")
    @Size(max = Bounds.SCHEDULES)
    private List<Schedule> schedules;

    @JsonPropertyDescription("Changes that start a run: pipeline (the Pipeline has a new version) and runSpec (spec.run changed). A set: each value at most once, so at most 2 entries.")
    @Size(max = Bounds.ON_CHANGE)
    @ListTypeSet
    private List<OnChangeTrigger> onChange;

    @JsonPropertyDescription("RunConfigurations, name (same namespace) or namespace/name, each new succeeded run of which starts a run of this one. A RunConfiguration cannot list itself; entries must be unique. At most 100 entries of at most 317 characters: a namespace (at most 63), '/' and a name (at most 253).")
    @Size(max = Bounds.TRIGGER_RUN_CONFIGURATIONS)
    @ItemMaxLength(Bounds.NAMESPACED_NAME)
    private List<String> runConfigurations;

    public List<Schedule> getSchedules() {
        return schedules;
    }

    public void setSchedules(List<Schedule> schedules) {
        this.schedules = schedules;
    }

    public Triggers withSchedules(List<Schedule> schedules) {
        this.schedules = schedules;
        return this;
    }

    public List<OnChangeTrigger> getOnChange() {
        return onChange;
    }

    public void setOnChange(List<OnChangeTrigger> onChange) {
        this.onChange = onChange;
    }

    public Triggers withOnChange(List<OnChangeTrigger> onChange) {
        this.onChange = onChange;
        return this;
    }

    public List<String> getRunConfigurations() {
        return runConfigurations;
    }

    public void setRunConfigurations(List<String> runConfigurations) {
        this.runConfigurations = runConfigurations;
    }

    public Triggers withRunConfigurations(List<String> runConfigurations) {
        this.runConfigurations = runConfigurations;
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
        Triggers that = (Triggers) o;
        return Objects.equals(schedules, that.schedules) && Objects.equals(onChange, that.onChange) && Objects.equals(runConfigurations, that.runConfigurations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedules, onChange, runConfigurations);
    }

    @Override
    public String toString() {
        return "Triggers{" + "schedules=" + schedules + ", " + "onChange=" + onChange + ", " + "runConfigurations=" + runConfigurations + "}";
    }
}
