package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** How long to wait before the next attempt: initial, doubling after each failed attempt, never more than max. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.initial) || !has(self.max) || duration(self.max) >= duration(self.initial)",
        message = "max must not be shorter than initial")
public class RetryBackoff {

    @JsonPropertyDescription("Wait before the second attempt, a positive Go duration such as 30s or 5m; each further attempt waits twice as long as the one before, up to max. Unset: 30s. At most 32 characters.")
    @Pattern(Durations.PATTERN)
    @ValidationRule(value = Durations.POSITIVE_RULE, message = Durations.POSITIVE_MESSAGE)
    @Size(max = Durations.MAX_LENGTH)
    private String initial;

    @JsonPropertyDescription("Longest wait between two attempts, a positive Go duration such as 10m; not shorter than initial. Unset: 10m, or initial when that is longer. At most 32 characters.")
    @Pattern(Durations.PATTERN)
    @ValidationRule(value = Durations.POSITIVE_RULE, message = Durations.POSITIVE_MESSAGE)
    @Size(max = Durations.MAX_LENGTH)
    private String max;

    public String getInitial() {
        return initial;
    }

    public void setInitial(String initial) {
        this.initial = initial;
    }

    public RetryBackoff withInitial(String initial) {
        this.initial = initial;
        return this;
    }

    public String getMax() {
        return max;
    }

    public void setMax(String max) {
        this.max = max;
    }

    public RetryBackoff withMax(String max) {
        this.max = max;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryBackoff that && Objects.equals(initial, that.initial) && Objects.equals(max, that.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initial, max);
    }

    @Override
    public String toString() {
        return "RetryBackoff{initial=" + initial + ", max=" + max + "}";
    }
}
