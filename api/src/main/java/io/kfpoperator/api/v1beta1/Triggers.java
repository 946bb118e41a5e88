package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** What starts runs of a RunConfiguration: schedules, changes, and other RunConfigurations completing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Triggers {

    @ValidationRule(value = "self.all(x, self.exists_one(y, x == y))", message = "duplicate schedule")
    private List<Schedule> schedules;

    @ValidationRule(value = "self.all(x, self.exists_one(y, x == y))", message = "duplicate onChange entry")
    private List<OnChangeTrigger> onChange;

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
