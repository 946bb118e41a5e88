package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** When a run schedule fires: a cron expression, optionally bounded by start and end. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(String cronExpression, OffsetDateTime startTime, OffsetDateTime endTime) {
}
