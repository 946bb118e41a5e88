package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** When a schedule fires: a cron expression (5 or 6 fields), optionally bounded by RFC 3339 start and end times. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.startTime) || !has(self.endTime) || timestamp(self.endTime) > timestamp(self.startTime)", message = "endTime must be after startTime")
public class Schedule {

    private String cronExpression;

    private String startTime;

    private String endTime;

    public String getCronExpression() {
        return cronExpression;
    }

    public void setCronExpression(String cronExpression) {
        this.cronExpression = cronExpression;
    }

    public Schedule withCronExpression(String cronExpression) {
        this.cronExpression = cronExpression;
        return this;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public Schedule withStartTime(String startTime) {
        this.startTime = startTime;
        return this;
    }

    public String getEndTime() {
        return endTime;
    }

    public void setEndTime(String endTime) {
        this.endTime = endTime;
    }

    public Schedule withEndTime(String endTime) {
        this.endTime = endTime;
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
        Schedule that = (Schedule) o;
        return Objects.equals(cronExpression, that.cronExpression) && Objects.equals(startTime, that.startTime) && Objects.equals(endTime, that.endTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cronExpression, startTime, endTime);
    }

    @Override
    public String toString() {
        return "Schedule{" + "cronExpression=" + cronExpression + ", " + "startTime=" + startTime + ", " + "endTime=" + endTime + "}";
    }
}
