package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * When a schedule fires: a cron expression (5 or 6 fields) in a time zone, optionally bounded by
 * RFC 3339 start and end times; whether it is suspended, what happens when a firing meets a run
 * still running, and whether firings missed while suspended are made up.
 */
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

    @JsonPropertyDescription("IANA time zone the cron expression is read in, e.g. Europe/London (a daily 0 9 * * * then fires at 09:00 London time, summer and winter). Unset: UTC. At most 64 characters.")
    @Size(max = Bounds.TIME_ZONE)
    @Pattern("^[A-Za-z0-9_+\\-]+(/[A-Za-z0-9_+\\-]+)*$")
    private String timeZone;

    @JsonPropertyDescription("true pauses the schedule: it keeps its place on the platform but starts no runs until set back to false. Unset: false.")
    private Boolean suspend;

    @JsonPropertyDescription("What a firing does while a run this schedule started is still running: Allow starts another (the default; on KFP up to the Provider's maxConcurrency), Forbid skips the firing (KFP: waits until the run finished), Replace stops the running one and starts the new one (not on KFP or Vertex AI, which refuse it). At most 16 characters.")
    @Size(max = 16)
    private ConcurrencyPolicy concurrencyPolicy;

    @JsonPropertyDescription("true makes up, one run each, the firings missed while the schedule was suspended (or the platform's scheduler was down) when it resumes; false or unset makes up none of them after a suspension and at most the latest after an outage.")
    private Boolean catchUp;

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

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public Schedule withTimeZone(String timeZone) {
        this.timeZone = timeZone;
        return this;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Schedule withSuspend(Boolean suspend) {
        this.suspend = suspend;
        return this;
    }

    public ConcurrencyPolicy getConcurrencyPolicy() {
        return concurrencyPolicy;
    }

    public void setConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
        this.concurrencyPolicy = concurrencyPolicy;
    }

    public Schedule withConcurrencyPolicy(ConcurrencyPolicy concurrencyPolicy) {
        this.concurrencyPolicy = concurrencyPolicy;
        return this;
    }

    public Boolean getCatchUp() {
        return catchUp;
    }

    public void setCatchUp(Boolean catchUp) {
        this.catchUp = catchUp;
    }

    public Schedule withCatchUp(Boolean catchUp) {
        this.catchUp = catchUp;
        return this;
    }

    /** A copy that shares nothing with this one. */
    public Schedule copy() {
        return new Schedule().withCronExpression(cronExpression).withStartTime(startTime).withEndTime(endTime).withTimeZone(timeZone)
                .withSuspend(suspend).withConcurrencyPolicy(concurrencyPolicy).withCatchUp(catchUp);
    }

    /** Whether {@code other} is this schedule, paused or resumed: they differ at most in suspend. */
    public boolean sameApartFromSuspend(Schedule other) {
        return other != null && copy().withSuspend(null).equals(other.copy().withSuspend(null));
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
        return Objects.equals(cronExpression, that.cronExpression) && Objects.equals(startTime, that.startTime) && Objects.equals(endTime, that.endTime)
                && Objects.equals(timeZone, that.timeZone) && Objects.equals(suspend, that.suspend)
                && concurrencyPolicy == that.concurrencyPolicy && Objects.equals(catchUp, that.catchUp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cronExpression, startTime, endTime, timeZone, suspend, concurrencyPolicy, catchUp);
    }

    @Override
    public String toString() {
        return "Schedule{" + "cronExpression=" + cronExpression + ", " + "startTime=" + startTime + ", " + "endTime=" + endTime
                + ", timeZone=" + timeZone + ", suspend=" + suspend + ", concurrencyPolicy=" + concurrencyPolicy + ", catchUp=" + catchUp + "}";
    }
}
