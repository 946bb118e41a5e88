package io.kfpoperator.provider.simulated;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** A parsed cron expression: five fields (Unix) or six with seconds first (as KFP takes them). */
final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final ExecutionTime executionTime;

    private CronSchedule(ExecutionTime executionTime) {
        this.executionTime = executionTime;
    }

    /** Rejects what the platform cannot run, the way a real platform answers an invalid schedule (422). */
    static CronSchedule parse(String expression) {
        String trimmed = expression == null ? "" : expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        try {
            CronParser parser = switch (fields) {
                case 5 -> UNIX;
                case 6 -> WITH_SECONDS;
                default -> throw new IllegalArgumentException("expected 5 fields (or 6 with seconds first), found " + fields);
            };
            return new CronSchedule(ExecutionTime.forCron(parser.parse(trimmed).validate()));
        } catch (IllegalArgumentException e) {
            throw new PlatformRejectedException("invalid cron expression '" + expression + "': " + e.getMessage());
        }
    }

    /** The latest instant at or before {@code now} the schedule fires at. */
    Optional<Instant> lastFiringAtOrBefore(Instant now) {
        var zonedNow = now.atZone(ZoneOffset.UTC);
        if (executionTime.isMatch(zonedNow.withNano(0)) && now.getNano() == 0) {
            return Optional.of(now);
        }
        return executionTime.lastExecution(zonedNow).map(t -> t.toInstant());
    }
}
