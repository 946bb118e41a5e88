package io.kfpoperator.provider.simulated;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A parsed cron expression: five fields (Unix) or six with seconds first (as KFP takes them), read in a time zone. */
final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final ExecutionTime executionTime;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime executionTime, ZoneId zone) {
        this.executionTime = executionTime;
        this.zone = zone;
    }

    /** In UTC. */
    static CronSchedule parse(String expression) {
        return parse(expression, ZoneOffset.UTC);
    }

    /** Rejects what the platform cannot run, the way a real platform answers an invalid schedule (422). */
    static CronSchedule parse(String expression, ZoneId zone) {
        String trimmed = expression == null ? "" : expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        try {
            CronParser parser = switch (fields) {
                case 5 -> UNIX;
                case 6 -> WITH_SECONDS;
                default -> throw new IllegalArgumentException("expected 5 fields (or 6 with seconds first), found " + fields);
            };
            return new CronSchedule(ExecutionTime.forCron(parser.parse(trimmed).validate()), zone);
        } catch (IllegalArgumentException e) {
            throw new PlatformRejectedException("invalid cron expression '" + expression + "': " + e.getMessage());
        }
    }

    /** The latest instant at or before {@code now} the schedule fires at. */
    Optional<Instant> lastFiringAtOrBefore(Instant now) {
        var zonedNow = now.atZone(zone);
        if (executionTime.isMatch(zonedNow.withNano(0)) && now.getNano() == 0) {
            return Optional.of(now);
        }
        return executionTime.lastExecution(zonedNow).map(t -> t.toInstant());
    }

    /** The instants after {@code after} and at or before {@code now} it fires at, oldest first, at most {@code max} (the latest ones). */
    List<Instant> firingsAfter(Instant after, Instant now, int max) {
        Deque<Instant> found = new ArrayDeque<>();
        ZonedDateTime at = after.atZone(zone);
        while (true) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(at);
            if (next.isEmpty() || next.get().toInstant().isAfter(now)) {
                return List.copyOf(found);
            }
            at = next.get();
            found.addLast(at.toInstant());
            if (found.size() > max) {
                found.removeFirst();
            }
        }
    }
}
