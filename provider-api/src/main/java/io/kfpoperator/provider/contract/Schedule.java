package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * When a run schedule fires: a cron expression in a time zone, optionally bounded by start and
 * end; whether it is suspended, what a firing does while an earlier run still runs, and whether
 * missed firings are made up on resume. The fields after {@code endTime} are ours: the Go
 * operator's provider services ignore them (see docs/compatibility.md), and absent they mean UTC,
 * running, Allow and no catch-up.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Schedule(String cronExpression, OffsetDateTime startTime, OffsetDateTime endTime, String timeZone, Boolean suspend,
        String concurrencyPolicy, Boolean catchUp) {

    public static final String ALLOW = "Allow";
    public static final String FORBID = "Forbid";
    public static final String REPLACE = "Replace";
    private static final List<String> POLICIES = List.of(ALLOW, FORBID, REPLACE);

    /** A schedule as the Go operator sends it: cron and window only. */
    public Schedule(String cronExpression, OffsetDateTime startTime, OffsetDateTime endTime) {
        this(cronExpression, startTime, endTime, null, null, null, null);
    }

    /** The time zone the cron is read in; UTC when unset. */
    @JsonIgnore
    public ZoneId zone() {
        if (timeZone == null || timeZone.isEmpty()) {
            return ZoneOffset.UTC;
        }
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw new InvalidDefinitionException("schedule.timeZone: '" + timeZone + "' is not a time zone of the IANA tz database");
        }
        return ZoneId.of(timeZone);
    }

    @JsonIgnore
    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }

    @JsonIgnore
    public boolean catchingUp() {
        return Boolean.TRUE.equals(catchUp);
    }

    /** Whether a firing that finds a run of this schedule running skips (Forbid). */
    @JsonIgnore
    public boolean forbidsConcurrentRuns() {
        return FORBID.equals(policy());
    }

    /** Whether a firing stops a run of this schedule still running before it starts the next (Replace). */
    @JsonIgnore
    public boolean replacesRunningRun() {
        return REPLACE.equals(policy());
    }

    /** {@link #ALLOW}, {@link #FORBID} or {@link #REPLACE}; Allow when unset. */
    @JsonIgnore
    public String policy() {
        if (concurrencyPolicy == null || concurrencyPolicy.isEmpty()) {
            return ALLOW;
        }
        if (!POLICIES.contains(concurrencyPolicy)) {
            throw new InvalidDefinitionException("schedule.concurrencyPolicy: '" + concurrencyPolicy + "' is not one of " + String.join(", ", POLICIES));
        }
        return concurrencyPolicy;
    }
}
