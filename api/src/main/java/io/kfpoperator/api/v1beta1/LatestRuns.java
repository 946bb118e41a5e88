package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The latest runs of a RunConfiguration by outcome. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LatestRuns {

    @JsonPropertyDescription("The latest succeeded run and its artifacts; parameters of other RunConfigurations take their valueFrom values from it.")
    private RunReference succeeded;

    public RunReference getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(RunReference succeeded) {
        this.succeeded = succeeded;
    }

    public LatestRuns withSucceeded(RunReference succeeded) {
        this.succeeded = succeeded;
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
        LatestRuns that = (LatestRuns) o;
        return Objects.equals(succeeded, that.succeeded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(succeeded);
    }

    @Override
    public String toString() {
        return "LatestRuns{" + "succeeded=" + succeeded + "}";
    }
}
