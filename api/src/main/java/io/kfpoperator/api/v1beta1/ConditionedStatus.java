package io.kfpoperator.api.v1beta1;

import java.util.List;

/** A status with conditions (every kind's): what the error path and the state metrics read and set. */
public interface ConditionedStatus {

    List<Condition> getConditions();

    void setConditions(List<Condition> conditions);

    Long getObservedGeneration();
}
