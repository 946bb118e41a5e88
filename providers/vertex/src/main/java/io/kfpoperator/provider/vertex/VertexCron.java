package io.kfpoperator.provider.vertex;

import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import java.util.Locale;
import java.util.Map;

/**
 * Converts a RunSchedule's cron expression to the five-field unix form Vertex AI schedules take.
 * The operator also accepts six fields with seconds first (upstream's format); Vertex cannot fire
 * at a second other than 0, so such an expression is rejected rather than silently shifted.
 */
public final class VertexCron {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            com.cronutils.model.CronType.UNIX));

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private VertexCron() {
    }

    public static String toVertex(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new PlatformRejectedException("schedule.cronExpression is empty");
        }
        String trimmed = expression.trim();
        String timeZone = "";
        // Vertex reads an optional "TZ=<zone> " or "CRON_TZ=<zone> " prefix; keep it as written.
        if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
            int space = trimmed.indexOf(' ');
            if (space < 0) {
                throw new PlatformRejectedException("cron expression '" + expression + "' has a time zone but no schedule");
            }
            timeZone = trimmed.substring(0, space + 1);
            trimmed = trimmed.substring(space + 1).trim();
        }
        String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
        String[] fields = (macro != null ? macro : trimmed).split("\\s+");
        String fiveFields;
        if (fields.length == 5) {
            fiveFields = String.join(" ", fields);
        } else if (fields.length == 6) {
            if (!fields[0].matches("0+")) {
                throw new PlatformRejectedException("cron expression '" + expression
                        + "' fires at second " + fields[0] + "; Vertex AI schedules fire on whole minutes only");
            }
            fiveFields = String.join(" ", java.util.Arrays.copyOfRange(fields, 1, 6));
        } else {
            throw new PlatformRejectedException("cron expression '" + expression
                    + "' must have 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first");
        }
        try {
            UNIX.parse(fiveFields).validate();
        } catch (IllegalArgumentException e) {
            throw new PlatformRejectedException("cron expression '" + expression + "' is invalid: " + e.getMessage());
        }
        return timeZone + fiveFields;
    }

    /**
     * The cron read in {@code timeZone} (an IANA name; null: as written, which is UTC unless the
     * cron carries its own prefix), as Vertex takes it: a {@code TZ=} prefix. A cron with a prefix
     * of another zone is refused: the zone is given once.
     */
    public static String inZone(String vertexCron, String timeZone) {
        if (timeZone == null || timeZone.isEmpty()) {
            return vertexCron;
        }
        if (vertexCron.startsWith("TZ=") || vertexCron.startsWith("CRON_TZ=")) {
            String written = vertexCron.substring(vertexCron.indexOf('=') + 1, vertexCron.indexOf(' '));
            if (!written.equals(timeZone)) {
                throw new PlatformRejectedException("schedule.timeZone '" + timeZone + "' and the cron expression's own time zone '"
                        + written + "' differ; give the time zone once");
            }
            return vertexCron;
        }
        return "TZ=" + timeZone + " " + vertexCron;
    }
}
