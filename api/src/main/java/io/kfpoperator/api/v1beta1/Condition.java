package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A status condition, shaped like Kubernetes' metav1.Condition. Only type {@code Synchronized} (and ours, {@code ParametersResolved} and a Run's {@code Completed}) are used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    @Required
    @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
    @JsonPropertyDescription("Type of the condition: Synchronized, or ParametersResolved on Runs and RunConfigurations, or Completed on Runs. CamelCase, optionally prefixed with a DNS subdomain and '/'. At most 316 characters, Kubernetes' limit for condition types.")
    @Size(max = Bounds.CONDITION_TYPE)
    private String type;

    @Required
    @JsonPropertyDescription("True, False or Unknown.")
    private ConditionStatus status;

    @Min(0)
    @JsonPropertyDescription("The metadata.generation the condition was set for; lower than the resource's generation means the condition is out of date.")
    private Long observedGeneration;

    /** RFC 3339 time of the last change of status, reason or message. */
    @Required
    @JsonPropertyDescription("RFC 3339 time the status of the condition last changed. At most 64 characters (the longest RFC 3339 time has 35).")
    @Size(max = Bounds.TIME)
    private String lastTransitionTime;

    @Required
    @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
    @JsonPropertyDescription("Why the condition has its status, in CamelCase: for Synchronized the synchronisation state (Creating, Updating, Deleting, Succeeded, Failed, Deleted), for ParametersResolved PipelineNotReady or DependencyNotReady, for Completed Succeeded, Failed, Stopped, TimedOut or (while a retry waits) Retrying. At most 1024 characters, Kubernetes' limit for condition reasons.")
    @Size(max = Bounds.CONDITION_REASON)
    private String reason;

    @Required
    @JsonPropertyDescription("Details for people, e.g. the platform's error or the attempt being retried; may be empty. At most 32768 characters, Kubernetes' limit for condition messages; the controller shortens longer ones.")
    @Size(max = Bounds.CONDITION_MESSAGE)
    private String message;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Condition withType(String type) {
        this.type = type;
        return this;
    }

    public ConditionStatus getStatus() {
        return status;
    }

    public void setStatus(ConditionStatus status) {
        this.status = status;
    }

    public Condition withStatus(ConditionStatus status) {
        this.status = status;
        return this;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Condition withObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
        return this;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public Condition withLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
        return this;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Condition withReason(String reason) {
        this.reason = reason;
        return this;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Condition withMessage(String message) {
        this.message = message;
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
        Condition that = (Condition) o;
        return Objects.equals(type, that.type) && Objects.equals(status, that.status) && Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(lastTransitionTime, that.lastTransitionTime) && Objects.equals(reason, that.reason) && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
    }

    @Override
    public String toString() {
        return "Condition{" + "type=" + type + ", " + "status=" + status + ", " + "observedGeneration=" + observedGeneration + ", " + "lastTransitionTime=" + lastTransitionTime + ", " + "reason=" + reason + ", " + "message=" + message + "}";
    }
}
