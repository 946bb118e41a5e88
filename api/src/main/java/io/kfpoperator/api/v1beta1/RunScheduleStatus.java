package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Status of a RunSchedule: the common status, and whether the controller has suspended the schedule on its platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunScheduleStatus extends Status {

    @JsonPropertyDescription("True while the schedule is suspended on its platform (it starts no runs) because its Pipeline does not exist; "
            + "absent otherwise. The controller resumes the schedule when the Pipeline exists again. Written by the controller.")
    private Boolean suspended;

    public Boolean getSuspended() {
        return suspended;
    }

    public void setSuspended(Boolean suspended) {
        this.suspended = suspended;
    }

    public RunScheduleStatus withSuspended(Boolean suspended) {
        this.suspended = suspended;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(suspended, ((RunScheduleStatus) o).suspended);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), suspended);
    }

    @Override
    public String toString() {
        return "RunScheduleStatus{" + super.toString() + ", suspended=" + suspended + "}";
    }
}
