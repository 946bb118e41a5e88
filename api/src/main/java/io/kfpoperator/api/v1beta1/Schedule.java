package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** When a schedule fires: a cron expression (5 or 6 fields), optionally bounded by RFC 3339 start and end times. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.startTime) || !has(self.endTime) || timestamp(self.endTime) > timestamp(self.startTime)", message = "endTime must be after startTime")
public class Schedule {

    @JsonPropertyDescription("Cron expression: 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. \"0 * * * *\" for hourly. At most 512 characters, more than any expression that lists values instead of using ranges and steps needs.")
    @Size(max = Bounds.CRON)
    private String cronExpression;

    @JsonPropertyDescription("RFC 3339 time before which the schedule does not fire, e.g. 2026-01-01T00:00:00Z; unset: from now. At most 64 characters (the longest RFC 3339 time has 35).")
    @Size(max = Bounds.TIME)
    private String startTime;

    @JsonPropertyDescription("RFC 3339 time after which the schedule no longer fires; must be after startTime. Unset: no end. At most 64 characters (the longest RFC 3339 time has 35).")
    @Size(max = Bounds.TIME)
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
